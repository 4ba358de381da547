import { html, type SafeHtml } from '../../http/html';
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

/** The problem sentence of one field (with its id for `aria-describedby`), or nothing. */
export function problemOf(
  words: AdminWords,
  problems: InputProblem[],
  field: string,
): SafeHtml | undefined {
  const problem = problems.find((p) => p.field === field);
  return problem
    ? html`<p class="problem" id="problem-${field}">${words.problem(problem)}</p>`
    : undefined;
}

/** `aria-invalid` and `aria-describedby` of a field that has a problem. */
export function invalidAttributes(problems: InputProblem[], field: string): SafeHtml | undefined {
  return problems.some((p) => p.field === field)
    ? html` aria-invalid="true" aria-describedby="problem-${field}"`
    : undefined;
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
): SafeHtml {
  const { t } = words;
  const select = (field: FilterField, options: [string, string][]): SafeHtml => {
    const current = input[field] ?? '';
    const items = [['', t('filter.any')] as [string, string], ...options].map(
      ([value, label]) =>
        html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`,
    );
    return wrap(
      field,
      html`<select id="f-${field}" name="${field}"${invalidAttributes(problems, field)}>${items}</select>`,
    );
  };
  const wrap = (field: FilterField, control: SafeHtml): SafeHtml =>
    html`<div class="field"><label for="f-${field}">${t(`filter.${field}`)}</label>
${control}${problemOf(words, problems, field)}</div>`;

  const statuses = ORDER_STATUSES.map((s): [string, string] => [s, words.status(s)]);
  const certificates = catalogue.certificates.map((c): [string, string] => [
    c.id,
    words.certificate(c.id),
  ]);
  const networks = catalogue.networks.map((n): [string, string] => [n.id, words.network(n.id)]);
  const hours = input.deadlineWithinHours ?? '';
  const studentId = input.studentId ?? '';
  return html`<fieldset class="filter">
<legend>${t('filter.legend')}</legend>
${select('status', statuses)}
${select('certificateId', certificates)}
${select('network', networks)}
${wrap('deadlineWithinHours', html`<input id="f-deadlineWithinHours" name="deadlineWithinHours" type="number" inputmode="numeric" min="1" max="${MAX_DEADLINE_HOURS}" step="1" value="${hours}"${invalidAttributes(problems, 'deadlineWithinHours')}>`)}
${wrap('studentId', html`<input id="f-studentId" name="studentId" type="text" maxlength="32" autocapitalize="none" autocorrect="off" spellcheck="false" value="${studentId}"${invalidAttributes(problems, 'studentId')}>`)}
</fieldset>`;
}
