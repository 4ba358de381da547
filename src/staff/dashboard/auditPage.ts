import { html, joinHtml, type SafeHtml } from '../../http/html';
import type { AuditEntry } from '../staffDesk';
import type { AdminWords } from './adminWords';

/** The body of `/admin/audit`: logins, failed logins, logouts and pushes, newest first. */
export function auditBody(words: AdminWords, entries: AuditEntry[]): SafeHtml {
  const { t } = words;
  if (entries.length === 0) return html`<p id="no-audit">${t('audit.none')}</p>`;
  const head = ['at', 'actor', 'action', 'pushId', 'recipients'].map(
    (key) => html`<th scope="col">${t(`audit.${key}`)}</th>`,
  );
  const rows = entries.map((entry) => {
    const push = entry.pushId
      ? html`<a href="/admin/pushes/${encodeURIComponent(entry.pushId)}">${entry.pushId}</a>`
      : '';
    const cells = [
      words.time(entry.at),
      entry.actor,
      t(`audit.actions.${entry.action}`, { defaultValue: entry.action }),
      push,
      entry.recipients,
    ];
    return html`<tr data-action="${entry.action}">${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`;
  });
  return html`<div class="table-wrap"><table id="audit">
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody>
</table></div>`;
}
