import { escapeHtml } from '../../http/html';
import type { Catalogue } from '../../orders/catalogue';
import type { ChatChannel } from '../../students/student';
import type { OrderFilter, PushJob, PushMessage, PushPreview } from '../staffDesk';
import { MAX_PUSH_MESSAGE, type InputProblem } from '../staffInput';
import type { AdminWords } from './adminWords';
import { filterFields, invalidAttributes, problemOf, type FilterInput } from './filterFields';

/** The channels a report lists, in this order. */
const CHANNELS: readonly ChatChannel[] = ['line', 'webchat', 'msteams'];

/** The composer as filled in (kept as typed), and what was wrong with it. */
export interface ComposerView {
  csrfToken: string;
  input: FilterInput;
  message: Partial<PushMessage>;
  problems: InputProblem[];
}

/** A checked filter and message and what they would do: the page before "Send". */
export interface PreviewView extends ComposerView {
  filter: OrderFilter;
  preview: PushPreview;
}

/** The bodies of the push composer, its preview, a push's report and the list of pushes. */
export class PushPages {
  constructor(private readonly catalogue: Pick<Catalogue, 'certificates' | 'networks'>) {}

  composer(words: AdminWords, view: ComposerView): string {
    const { t } = words;
    const summary =
      view.problems.length > 0
        ? `<p class="error" role="alert">${escapeHtml(t('problem.summary'))}</p>`
        : '';
    return `<p>${escapeHtml(t('push.intro'))}</p>
${summary}${this.form(words, view)}`;
  }

  preview(words: AdminWords, view: PreviewView): string {
    const { t } = words;
    const { audience, texts } = view.preview;
    const recipients = audience.students - audience.unreachable;
    const channels = CHANNELS.map(
      (channel) =>
        `<tr><th scope="row">${escapeHtml(words.channel(channel))}</th><td data-channel="${channel}">${audience.byChannel[channel] ?? 0}</td></tr>`,
    ).join('\n');
    const send =
      recipients > 0
        ? `<form method="post" action="/admin/push/send" class="send-form">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrfToken)}">
${this.hiddenFilter(view.filter)}
<input type="hidden" name="ja" value="${escapeHtml(view.message.ja ?? '')}">
<input type="hidden" name="en" value="${escapeHtml(view.message.en ?? '')}">
<button type="submit" id="send">${escapeHtml(t('push.sendTo', { n: recipients }))}</button>
</form>`
        : `<p class="error" id="nobody" role="alert">${escapeHtml(t('push.nobody'))}</p>`;
    return `<section class="audience" aria-labelledby="audience-title">
<h2 id="audience-title">${escapeHtml(t('push.audience'))}</h2>
<p>${escapeHtml(words.filter(view.filter))}</p>
<table id="audience">
<tbody>
<tr><th scope="row">${escapeHtml(t('push.students'))}</th><td id="audience-students">${audience.students}</td></tr>
${channels}
<tr><th scope="row">${escapeHtml(t('push.blocked'))}</th><td id="audience-blocked">${audience.blocked}</td></tr>
<tr><th scope="row">${escapeHtml(t('push.unreachable'))}</th><td id="audience-unreachable">${audience.unreachable}</td></tr>
</tbody>
</table>
</section>
<h2>${escapeHtml(t('push.textJa'))}</h2>
<pre class="push-text" id="text-ja" lang="ja">${escapeHtml(texts.ja)}</pre>
<h2>${escapeHtml(t('push.textEn'))}</h2>
<pre class="push-text" id="text-en" lang="en">${escapeHtml(texts.en)}</pre>
${send}
<h2>${escapeHtml(t('push.edit'))}</h2>
${this.form(words, view)}`;
  }

  report(words: AdminWords, push: PushJob): string {
    const { t } = words;
    const facts: [string, string, string][] = [
      ['push-status', t('report.status'), t(`report.${push.status}`)],
      ['push-sent-by', t('report.sentBy'), push.sentBy],
      ['push-created', t('report.createdAt'), words.time(push.createdAt)],
    ];
    if (push.finishedAt) {
      facts.push(['push-finished', t('report.finishedAt'), words.time(push.finishedAt)]);
    }
    facts.push(
      ['push-recipients', t('report.recipients'), String(push.recipients)],
      ['push-filter', t('report.filter'), words.filter(push.filter)],
    );
    const list = facts
      .map(
        ([id, term, value]) =>
          `<dt>${escapeHtml(term)}</dt><dd id="${id}">${escapeHtml(value)}</dd>`,
      )
      .join('\n');
    const kinds = ['sent', 'failed', 'blocked'] as const;
    const totals = { sent: 0, failed: 0, blocked: 0 };
    const rows = CHANNELS.map((channel) => {
      const counts = push.report[channel] ?? { sent: 0, failed: 0, blocked: 0 };
      for (const kind of kinds) totals[kind] += counts[kind];
      const cells = kinds.map((kind) => `<td data-kind="${kind}">${counts[kind]}</td>`).join('');
      return `<tr data-channel="${channel}"><th scope="row">${escapeHtml(words.channel(channel))}</th>${cells}</tr>`;
    });
    const totalCells = kinds.map((kind) => `<td data-kind="${kind}">${totals[kind]}</td>`).join('');
    const refreshing =
      push.status === 'running' ? `<p class="note">${escapeHtml(t('report.refreshing'))}</p>` : '';
    return `${refreshing}<dl class="facts">
${list}
</dl>
<h2>${escapeHtml(t('report.delivery'))}</h2>
<div class="table-wrap"><table id="delivery">
<thead><tr><th scope="col">${escapeHtml(t('report.channel'))}</th>${kinds.map((kind) => `<th scope="col">${escapeHtml(t(`report.${kind}`))}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
<tr data-channel="total"><th scope="row">${escapeHtml(t('report.total'))}</th>${totalCells}</tr>
</tbody>
</table></div>
<h2>${escapeHtml(t('report.message'))}</h2>
<pre class="push-text" lang="ja">${escapeHtml(push.message.ja)}</pre>
<pre class="push-text" lang="en">${escapeHtml(push.message.en)}</pre>`;
  }

  list(words: AdminWords, pushes: PushJob[]): string {
    const { t } = words;
    const link = `<p><a href="/admin/push">${escapeHtml(t('pushes.new'))}</a></p>`;
    if (pushes.length === 0)
      return `<p id="no-pushes">${escapeHtml(t('pushes.none'))}</p>\n${link}`;
    const head = [
      t('report.createdAt'),
      t('report.sentBy'),
      t('report.filter'),
      t('report.recipients'),
      t('report.status'),
    ]
      .map((label) => `<th scope="col">${escapeHtml(label)}</th>`)
      .join('');
    const rows = pushes.map((push) => {
      const cells = [
        `<a href="/admin/pushes/${encodeURIComponent(push.pushId)}">${escapeHtml(words.time(push.createdAt))}</a>`,
        escapeHtml(push.sentBy),
        escapeHtml(words.filter(push.filter)),
        String(push.recipients),
        escapeHtml(t(`report.${push.status}`)),
      ];
      return `<tr data-push="${escapeHtml(push.pushId)}">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
    });
    return `${link}<div class="table-wrap"><table id="pushes">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
  }

  /** The composer form: filter, both messages, "Preview". */
  private form(words: AdminWords, view: ComposerView): string {
    const { t } = words;
    const textarea = (language: 'ja' | 'en', label: string): string =>
      `<div class="field"><label for="m-${language}">${escapeHtml(label)}</label>
<textarea id="m-${language}" name="${language}" lang="${language}" rows="5" maxlength="${MAX_PUSH_MESSAGE}"${invalidAttributes(view.problems, language)}>${escapeHtml(view.message[language] ?? '')}</textarea>
${problemOf(words, view.problems, language)}<p class="hint">${escapeHtml(t('push.maxLength', { max: MAX_PUSH_MESSAGE }))}</p></div>`;
    return `<form method="post" action="/admin/push/preview" class="push-form">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrfToken)}">
${filterFields(words, this.catalogue, view.input, view.problems)}
${textarea('ja', t('push.messageJa'))}
${textarea('en', t('push.messageEn'))}
<div class="actions"><button type="submit" id="preview">${escapeHtml(t('push.preview'))}</button></div>
</form>`;
  }

  /** The checked filter as hidden fields, so "Send" sends exactly what was previewed. */
  private hiddenFilter(filter: OrderFilter): string {
    return Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(
        ([name, value]) =>
          `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(String(value))}">`,
      )
      .join('\n');
  }
}
