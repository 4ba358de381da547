import { escapeHtml } from '../../http/html';
import type { AuditEntry } from '../staffDesk';
import type { AdminWords } from './adminWords';

/** The body of `/admin/audit`: logins, failed logins, logouts and pushes, newest first. */
export function auditBody(words: AdminWords, entries: AuditEntry[]): string {
  const { t } = words;
  if (entries.length === 0) return `<p id="no-audit">${escapeHtml(t('audit.none'))}</p>`;
  const head = ['at', 'actor', 'action', 'pushId', 'recipients']
    .map((key) => `<th scope="col">${escapeHtml(t(`audit.${key}`))}</th>`)
    .join('');
  const rows = entries.map((entry) => {
    const push = entry.pushId
      ? `<a href="/admin/pushes/${encodeURIComponent(entry.pushId)}">${escapeHtml(entry.pushId)}</a>`
      : '';
    const cells = [
      escapeHtml(words.time(entry.at)),
      escapeHtml(entry.actor),
      escapeHtml(t(`audit.actions.${entry.action}`, { defaultValue: entry.action })),
      push,
      entry.recipients === undefined ? '' : String(entry.recipients),
    ];
    return `<tr data-action="${escapeHtml(entry.action)}">${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  });
  return `<div class="table-wrap"><table id="audit">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}
