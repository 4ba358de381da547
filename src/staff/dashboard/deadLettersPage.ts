import { html, joinHtml, type SafeHtml } from '../../http/html';
import type { DeadLetter } from '../../turns/deadLetters';
import type { AdminWords } from './adminWords';

/**
 * The body of `/admin/dead-letters`: events that could not be parsed, queued or run, newest
 * first. The excerpt is whatever the sender put in the event, so it is shown as escaped text.
 */
export function deadLettersBody(words: AdminWords, letters: DeadLetter[]): SafeHtml {
  const { t } = words;
  const intro = html`<p id="dead-letters-intro">${t('deadLetters.intro')}</p>`;
  if (letters.length === 0) {
    return html`${intro}
<p id="no-dead-letters">${t('deadLetters.none')}</p>`;
  }
  const head = ['at', 'channel', 'reason', 'eventId', 'error', 'excerpt'].map(
    (key) => html`<th scope="col">${t(`deadLetters.${key}`)}</th>`,
  );
  const rows = letters.map((letter) => {
    const cells = [
      words.time(letter.at),
      t(`channel.${letter.channel}`, { defaultValue: letter.channel }),
      t(`deadLetters.reasons.${letter.reason}`, { defaultValue: letter.reason }),
      letter.eventId ?? '',
      letter.error ?? '',
      html`<code>${letter.excerpt}</code>`,
    ];
    return html`<tr data-reason="${letter.reason}">${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`;
  });
  return html`${intro}
<div class="table-wrap"><table id="dead-letters">
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody>
</table></div>`;
}
