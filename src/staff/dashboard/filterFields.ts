import { escapeHtml } from '../../http/html';
import {
  FILTER_FIELDS,
  MAX_DEADLINE_HOURS,
  ORDER_STATUSES,
  type InputProblem,
} from '../staffInput';
import type { AdminWords } from './adminWords';
import type { Catalogue } from '../../orders/catalogue';

export type FilterField = (typeof FILTER_FIELDS)[number];

/** What was typed into the filter, kept as text so that a refused value is shown again. */
export type FilterInput = Partial<Record<FilterField, string>>;

/** The filter's text fields from a query string or a posted form. */
export function filterInputOf(params: URLSearchParams): FilterInput {
  const input: FilterInput = {};
  for (const field of FILTER_FIELDS) {
    const value = params.get(field);
    if (value !== null && value.trim() !== '') input[field] = value.trim().slice(0, 100);
  }
  return input;
}

/** The problem sentence of one field (with its id for `aria-describedby`), or ''. */
export function problemOf(words: AdminWords, problems: InputProblem[], field: string): string {
  const problem = problems.find((p) => p.field === field);
  return problem
    ? `<p class="problem" id="problem-${field}">${escapeHtml(words.problem(problem))}</p>`
    : '';
}

/** `aria-invalid` and `aria-describedby` of a field that has a problem. */
export function invalidAttributes(problems: InputProblem[], field: string): string {
  return problems.some((p) => p.field === field)
    ? ` aria-invalid="true" aria-describedby="problem-${field}"`
    : '';
}

/**
 * The filter's fields (status, certificate, store, deadline, student ID) as a fieldset, each
 * with its problem beside it; used by the orders page and the push composer.
 */
export function filterFields(
  words: AdminWords,
  catalogue: Pick<Catalogue, 'certificates' | 'networks'>,
  input: FilterInput,
  problems: InputProblem[],
): string {
  const { t } = words;
  const select = (field: FilterField, options: [string, string][]): string => {
    const current = input[field] ?? '';
    const items = [['', t('filter.any')] as [string, string], ...options]
      .map(
        ([value, label]) =>
          `<option value="${escapeHtml(value)}"${value === current ? ' selected' : ''}>${escapeHtml(label)}</option>`,
      )
      .join('');
    return wrap(
      field,
      `<select id="f-${field}" name="${field}"${invalidAttributes(problems, field)}>${items}</select>`,
    );
  };
  const wrap = (field: FilterField, control: string): string =>
    `<div class="field"><label for="f-${field}">${escapeHtml(t(`filter.${field}`))}</label>
${control}${problemOf(words, problems, field)}</div>`;

  const statuses = ORDER_STATUSES.map((s): [string, string] => [s, words.status(s)]);
  const certificates = catalogue.certificates.map((c): [string, string] => [
    c.id,
    words.certificate(c.id),
  ]);
  const networks = catalogue.networks.map((n): [string, string] => [n.id, words.network(n.id)]);
  const hours = input.deadlineWithinHours ?? '';
  const studentId = input.studentId ?? '';
  return `<fieldset class="filter">
<legend>${escapeHtml(t('filter.legend'))}</legend>
${select('status', statuses)}
${select('certificateId', certificates)}
${select('network', networks)}
${wrap('deadlineWithinHours', `<input id="f-deadlineWithinHours" name="deadlineWithinHours" type="number" inputmode="numeric" min="1" max="${MAX_DEADLINE_HOURS}" step="1" value="${escapeHtml(hours)}"${invalidAttributes(problems, 'deadlineWithinHours')}>`)}
${wrap('studentId', `<input id="f-studentId" name="studentId" type="text" maxlength="32" autocapitalize="none" autocorrect="off" spellcheck="false" value="${escapeHtml(studentId)}"${invalidAttributes(problems, 'studentId')}>`)}
</fieldset>`;
}
