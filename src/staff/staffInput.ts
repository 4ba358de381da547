import type { Catalogue } from '../orders/catalogue';
import type { OrderStatus, PrintNetwork } from '../orders/order';
import type { OrderFilter, PushMessage } from './staffDesk';
import { normalizeStudentId } from '../students/studentId';

/** Something wrong in staff input: the field and a code that pages and the API translate. */
export interface InputProblem {
  field: string;
  code: 'invalid' | 'required' | 'too_long';
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

/** The fields of an {@link OrderFilter}, in the order forms show them and the API documents them. */
export const FILTER_FIELDS = [
  'status',
  'certificateId',
  'network',
  'deadlineWithinHours',
  'studentId',
] as const;

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'draft',
  'awaiting_payment',
  'paid',
  'printable',
  'printed',
  'expired',
  'cancelled',
];

export const PRINT_NETWORKS: readonly PrintNetwork[] = ['netprint', 'networkprint'];

/** The longest staff message per language; a LINE text message holds 5,000 characters. */
export const MAX_PUSH_MESSAGE = 1000;
/** At most a year ahead: anything longer is a typo. */
export const MAX_DEADLINE_HOURS = 24 * 366;

/** More LINE recipients than any plan's month could carry: a typo or a probe, never a count. */
export const MAX_CONFIRM_LINE_RECIPIENTS = 10_000_000;

/**
 * A confirmed number of LINE recipients to send to over the quota: a whole number from 0 to
 * {@link MAX_CONFIRM_LINE_RECIPIENTS} (a form posts it as digits); undefined if it is not one.
 */
export function confirmedCount(value: number | string): number | undefined {
  const n = typeof value === 'string' ? (/^\d{1,8}$/.test(value) ? Number(value) : NaN) : value;
  return Number.isSafeInteger(n) && n >= 0 && n <= MAX_CONFIRM_LINE_RECIPIENTS ? n : undefined;
}

/** ECS-ID / SPS-ID as the directory writes them (`a0123456`), or a university's own form. */
const STUDENT_ID = /^[a-z0-9._-]{1,32}$/;

function field(input: Record<string, unknown>, name: string): string | undefined {
  const raw = input[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * An {@link OrderFilter} from a query string or JSON body: empty fields are ignored, anything
 * else must be a known status, certificate, network, a whole number of hours or a student id.
 */
export function parseOrderFilter(
  input: Record<string, unknown>,
  catalogue: Pick<Catalogue, 'certificates'>,
): Parsed<OrderFilter> {
  const problems: InputProblem[] = [];
  const filter: OrderFilter = {};
  const status = field(input, 'status');
  if (status !== undefined) {
    if (ORDER_STATUSES.includes(status as OrderStatus)) filter.status = status as OrderStatus;
    else problems.push({ field: 'status', code: 'invalid' });
  }
  const certificateId = field(input, 'certificateId');
  if (certificateId !== undefined) {
    if (catalogue.certificates.some((c) => c.id === certificateId)) {
      filter.certificateId = certificateId;
    } else problems.push({ field: 'certificateId', code: 'invalid' });
  }
  const network = field(input, 'network');
  if (network !== undefined) {
    if (PRINT_NETWORKS.includes(network as PrintNetwork)) filter.network = network as PrintNetwork;
    else problems.push({ field: 'network', code: 'invalid' });
  }
  const hours = field(input, 'deadlineWithinHours');
  if (hours !== undefined) {
    const n = /^\d{1,5}$/.test(hours) ? Number(hours) : NaN;
    if (n >= 1 && n <= MAX_DEADLINE_HOURS) filter.deadlineWithinHours = n;
    else problems.push({ field: 'deadlineWithinHours', code: 'invalid' });
  }
  const typedId = field(input, 'studentId');
  const studentId = typedId === undefined ? undefined : normalizeStudentId(typedId);
  if (studentId !== undefined) {
    if (STUDENT_ID.test(studentId)) filter.studentId = studentId;
    else problems.push({ field: 'studentId', code: 'invalid' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: filter };
}

/** A {@link PushMessage}: both `ja` and `en` required, each at most {@link MAX_PUSH_MESSAGE}. */
export function parsePushMessage(input: Record<string, unknown>): Parsed<PushMessage> {
  const problems: InputProblem[] = [];
  const texts: Partial<PushMessage> = {};
  for (const language of ['ja', 'en'] as const) {
    const raw = input[language];
    const text = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
    if (text === '') problems.push({ field: language, code: 'required' });
    else if ([...text].length > MAX_PUSH_MESSAGE)
      problems.push({ field: language, code: 'too_long' });
    else texts[language] = text;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: texts as PushMessage };
}
