import type { Catalogue } from '../../orders/catalogue';
import type { OrderFilter, PushMessage, PushOptions } from '../staffDesk';
import {
  confirmedCount,
  FILTER_FIELDS,
  parseOrderFilter,
  parsePushMessage,
  type InputProblem,
  type Parsed,
} from '../staffInput';

/** How many items a list answers with when `limit` is not given, and at most. */
export const LIST_LIMITS = {
  orders: { fallback: 100, max: 500 },
  pushes: { fallback: 20, max: 100 },
  audit: { fallback: 100, max: 500 },
  deadLetters: { fallback: 100, max: 1_000 },
} as const;

export type ListLimit = (typeof LIST_LIMITS)[keyof typeof LIST_LIMITS];

/** What `POST /admin/api/pushes` and its preview carry. */
export interface PushRequest {
  filter: OrderFilter;
  message: PushMessage;
  options?: PushOptions;
}

const PUSH_REQUEST_FIELDS = ['filter', 'message', 'confirmLineRecipients'];

type Catalogued = Pick<Catalogue, 'certificates'>;

/**
 * `GET /admin/api/orders?…`: a filter and a limit. A parameter the API does not know, or one
 * given twice, is refused rather than ignored: a typo must not silently widen the list.
 */
export function parseOrderQuery(
  query: URLSearchParams,
  catalogue: Catalogued,
): Parsed<{ filter: OrderFilter; limit: number }> {
  const problems = unknownOrRepeated(query, [...FILTER_FIELDS, 'limit']);
  const limit = parseLimit(query.get('limit'), LIST_LIMITS.orders, problems);
  const filter = parseOrderFilter(
    Object.fromEntries(FILTER_FIELDS.map((name) => [name, query.get(name) ?? undefined])),
    catalogue,
  );
  if (!filter.ok) problems.push(...filter.problems);
  return problems.length > 0 || !filter.ok
    ? { ok: false, problems }
    : { ok: true, value: { filter: filter.value, limit } };
}

/** A list's only parameter, `limit`. */
export function parseLimitQuery(query: URLSearchParams, limits: ListLimit): Parsed<number> {
  const problems = unknownOrRepeated(query, ['limit']);
  const limit = parseLimit(query.get('limit'), limits, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: limit };
}

/**
 * `{ filter: {...}, message: { ja, en }, confirmLineRecipients? }`. Filter and message are required (an empty `filter` object means
 * every order, and must be asked for explicitly); unknown fields anywhere are refused, since a
 * misspelt filter field would otherwise push to far more students than meant.
 */
export function parsePushRequest(
  body: Record<string, unknown>,
  catalogue: Catalogued,
): Parsed<PushRequest> {
  const problems = Object.keys(body)
    .filter((name) => !PUSH_REQUEST_FIELDS.includes(name))
    .map((name): InputProblem => ({ field: name, code: 'invalid' }));
  const filter = objectField(body, 'filter', problems);
  const message = objectField(body, 'message', problems);
  let parsedFilter: OrderFilter | undefined;
  if (filter) {
    const before = problems.length;
    for (const [name, value] of Object.entries(filter)) {
      const known = (FILTER_FIELDS as readonly string[]).includes(name);
      const scalar = value === null || ['string', 'number'].includes(typeof value);
      if (!known || !scalar) problems.push({ field: `filter.${name}`, code: 'invalid' });
    }
    const parsed = parseOrderFilter(filter, catalogue);
    if (!parsed.ok) problems.push(...prefixed('filter', parsed.problems));
    else if (problems.length === before) parsedFilter = parsed.value;
  }
  let parsedMessage: PushMessage | undefined;
  if (message) {
    for (const name of Object.keys(message)) {
      if (name !== 'ja' && name !== 'en')
        problems.push({ field: `message.${name}`, code: 'invalid' });
    }
    const parsed = parsePushMessage(message);
    if (!parsed.ok) problems.push(...prefixed('message', parsed.problems));
    else parsedMessage = parsed.value;
  }
  const options = pushOptions(body.confirmLineRecipients, problems);
  if (problems.length > 0 || !parsedFilter || !parsedMessage) {
    return { ok: false, problems: distinct(problems) };
  }
  return { ok: true, value: { filter: parsedFilter, message: parsedMessage, options } };
}

/** `confirmLineRecipients`: a JSON number (not a string), as `confirmedCount` allows. */
function pushOptions(confirm: unknown, problems: InputProblem[]): PushOptions {
  if (confirm === undefined) return {};
  const count = typeof confirm === 'number' ? confirmedCount(confirm) : undefined;
  if (count !== undefined) return { confirmLineRecipients: count };
  problems.push({ field: 'confirmLineRecipients', code: 'invalid' });
  return {};
}

function parseLimit(raw: string | null, limits: ListLimit, problems: InputProblem[]): number {
  if (raw === null || raw.trim() === '') return limits.fallback;
  const n = /^\d{1,4}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (n >= 1 && n <= limits.max) return n;
  problems.push({ field: 'limit', code: 'invalid' });
  return limits.fallback;
}

function unknownOrRepeated(query: URLSearchParams, known: readonly string[]): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const name of new Set(query.keys())) {
    if (!known.includes(name) || query.getAll(name).length > 1) {
      problems.push({ field: name, code: 'invalid' });
    }
  }
  return problems;
}

function objectField(
  body: Record<string, unknown>,
  name: string,
  problems: InputProblem[],
): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    problems.push({ field: name, code: 'required' });
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ field: name, code: 'invalid' });
    return undefined;
  }
  return value as Record<string, unknown>;
}

/** One problem per field and code (a field can fail the shape check and the value check). */
function distinct(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter(({ field, code }) => {
    const key = `${field}\n${code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function prefixed(parent: string, problems: InputProblem[]): InputProblem[] {
  return problems.map((problem) => ({ ...problem, field: `${parent}.${problem.field}` }));
}
