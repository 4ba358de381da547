import { LANGUAGES } from '../../i18n/language';
import type { PaymentMethod } from '../../orders/order';
import type { ChatChannel } from '../../students/student';
import type { AuditAction, PushStatus } from '../staffDesk';
import {
  MAX_DEADLINE_HOURS,
  MAX_PUSH_MESSAGE,
  ORDER_STATUSES,
  PRINT_NETWORKS,
} from '../staffInput';
import type { InputProblem } from '../staffInput';
import type { JsonSchema } from './openApiTypes';

// Each list is spelt as a record over its type, so a new channel, method or action is a compile
// error here until the document describes it.
const CHANNELS = Object.keys({ line: 1, webchat: 1, msteams: 1 } satisfies Record<
  ChatChannel,
  1
>) as ChatChannel[];
const PAYMENT_METHODS = Object.keys({ demo: 1, paypal: 1, smartpit: 1 } satisfies Record<
  PaymentMethod,
  1
>);
const AUDIT_ACTIONS = Object.keys({
  login: 1,
  login_failed: 1,
  logout: 1,
  push: 1,
} satisfies Record<AuditAction, 1>);
const PUSH_STATUSES = Object.keys({ running: 1, done: 1 } satisfies Record<PushStatus, 1>);
const PROBLEM_CODES = Object.keys({ invalid: 1, required: 1, too_long: 1 } satisfies Record<
  InputProblem['code'],
  1
>);

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const time = (description: string): JsonSchema => ({
  type: 'string',
  format: 'date-time',
  description: `${description} ISO 8601, Japan time (+09:00).`,
});
const count: JsonSchema = { type: 'integer', minimum: 0 };
const byChannel = (schema: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: Object.fromEntries(CHANNELS.map((channel) => [channel, schema])),
  required: CHANNELS,
  additionalProperties: false,
});

/** The staff API's data, as `components.schemas`. Mirrors `src/orders/order.ts` and `staffDesk.ts`. */
export const STAFF_API_SCHEMAS: Record<string, JsonSchema> = {
  OrderStatus: { type: 'string', enum: ORDER_STATUSES },
  PrintNetwork: {
    type: 'string',
    enum: PRINT_NETWORKS,
    description: '`netprint`: 7-Eleven; `networkprint`: FamilyMart / Lawson.',
  },
  Language: { type: 'string', enum: LANGUAGES },
  OrderLine: {
    type: 'object',
    properties: {
      certificateId: { type: 'string', description: 'Catalogue id, e.g. `enrollment`.' },
      language: ref('Language'),
      copies: { type: 'integer', minimum: 1 },
      unitFee: { type: 'integer', minimum: 0, description: 'Yen per copy.' },
    },
    required: ['certificateId', 'language', 'copies', 'unitFee'],
  },
  PaymentRecord: {
    type: 'object',
    properties: {
      method: { type: 'string', enum: PAYMENT_METHODS },
      reference: { type: 'string' },
      url: { type: 'string' },
      paidAt: time('When the money arrived.'),
      amount: { type: 'integer', description: 'Yen received.' },
      transactionId: { type: 'string' },
    },
    required: ['method', 'reference'],
  },
  Reservation: {
    type: 'object',
    properties: {
      network: ref('PrintNetwork'),
      number: { type: 'string', description: 'The reservation number typed at the copier.' },
      issuedAt: time('When the number was issued.'),
      verificationCode: { type: 'string' },
    },
    required: ['network', 'number', 'issuedAt', 'verificationCode'],
  },
  OrderEvent: {
    type: 'object',
    description: 'One step of an order’s history.',
    properties: {
      at: time('When it happened.'),
      status: ref('OrderStatus'),
      reason: { type: 'string', description: 'E.g. `created`, `paid`, `expired_unpaid`.' },
    },
    required: ['at', 'status', 'reason'],
  },
  Order: {
    type: 'object',
    properties: {
      orderId: { type: 'string' },
      studentId: { type: 'string' },
      language: ref('Language'),
      lines: { type: 'array', items: ref('OrderLine') },
      network: ref('PrintNetwork'),
      totalFee: { type: 'integer', minimum: 0, description: 'Yen.' },
      status: ref('OrderStatus'),
      appliedAt: time('When the student applied.'),
      paymentDeadline: time('Unpaid orders expire here.'),
      printDeadline: time('Printing stops here.'),
      payment: ref('PaymentRecord'),
      verificationCode: { type: 'string' },
      reservation: ref('Reservation'),
      history: { type: 'array', items: ref('OrderEvent'), description: 'Oldest first.' },
      version: { type: 'integer', minimum: 0 },
    },
    required: [
      'orderId',
      'studentId',
      'language',
      'lines',
      'network',
      'totalFee',
      'status',
      'appliedAt',
      'paymentDeadline',
      'printDeadline',
      'history',
      'version',
    ],
  },
  OrderPage: {
    type: 'object',
    properties: {
      orders: { type: 'array', items: ref('Order'), description: 'Newest application first.' },
      truncated: { type: 'boolean', description: 'More orders match than were returned.' },
    },
    required: ['orders', 'truncated'],
  },
  OrderFilter: {
    type: 'object',
    description: 'Every field narrows; `{}` means every order.',
    properties: {
      status: ref('OrderStatus'),
      certificateId: { type: 'string' },
      network: ref('PrintNetwork'),
      deadlineWithinHours: {
        type: ['integer', 'string'],
        minimum: 1,
        maximum: MAX_DEADLINE_HOURS,
        description: 'Open orders whose deadline is within this many hours.',
      },
      studentId: { type: 'string', maxLength: 32 },
    },
    additionalProperties: false,
  },
  PushMessage: {
    type: 'object',
    description: 'Both languages are required; each student reads theirs.',
    properties: {
      ja: { type: 'string', minLength: 1, maxLength: MAX_PUSH_MESSAGE },
      en: { type: 'string', minLength: 1, maxLength: MAX_PUSH_MESSAGE },
    },
    required: ['ja', 'en'],
    additionalProperties: false,
  },
  PushRequest: {
    type: 'object',
    properties: { filter: ref('OrderFilter'), message: ref('PushMessage') },
    required: ['filter', 'message'],
    additionalProperties: false,
  },
  DeliveryCounts: {
    type: 'object',
    properties: {
      sent: count,
      failed: { ...count, description: 'Refused, or no answer after retries.' },
      blocked: { ...count, description: 'Skipped: the student blocked the bot.' },
    },
    required: ['sent', 'failed', 'blocked'],
  },
  PushAudience: {
    type: 'object',
    properties: {
      students: { ...count, description: 'Distinct students owning a matching order.' },
      byChannel: byChannel(count),
      blocked: { ...count, description: 'Known to have blocked the bot (skipped).' },
      unreachable: { ...count, description: 'No chat conversation to continue.' },
    },
    required: ['students', 'byChannel', 'blocked', 'unreachable'],
  },
  PushPreview: {
    type: 'object',
    properties: {
      audience: ref('PushAudience'),
      texts: { ...ref('PushMessage'), description: 'Exactly what a student receives.' },
    },
    required: ['audience', 'texts'],
  },
  PushJob: {
    type: 'object',
    properties: {
      pushId: { type: 'string' },
      sentBy: { type: 'string', description: 'Staff id, or `api:<token name>`.' },
      createdAt: time('When it was sent.'),
      filter: ref('OrderFilter'),
      message: ref('PushMessage'),
      status: { type: 'string', enum: PUSH_STATUSES },
      recipients: count,
      report: byChannel(ref('DeliveryCounts')),
      finishedAt: time('When the last message went out.'),
    },
    required: [
      'pushId',
      'sentBy',
      'createdAt',
      'filter',
      'message',
      'status',
      'recipients',
      'report',
    ],
  },
  PushList: {
    type: 'object',
    properties: { pushes: { type: 'array', items: ref('PushJob'), description: 'Newest first.' } },
    required: ['pushes'],
  },
  AuditEntry: {
    type: 'object',
    properties: {
      at: time('When.'),
      actor: { type: 'string', description: 'Staff id, or `api:<token name>`.' },
      action: { type: 'string', enum: AUDIT_ACTIONS },
      pushId: { type: 'string' },
      recipients: count,
    },
    required: ['at', 'actor', 'action'],
  },
  AuditLog: {
    type: 'object',
    properties: {
      entries: { type: 'array', items: ref('AuditEntry'), description: 'Newest first.' },
    },
    required: ['entries'],
  },
  Problem: {
    type: 'object',
    description: 'What is wrong with one input field (`filter.status`, `message.ja`, `limit`…).',
    properties: { field: { type: 'string' }, code: { type: 'string', enum: PROBLEM_CODES } },
    required: ['field', 'code'],
    additionalProperties: false,
  },
  Error: {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Stable; safe to branch on.' },
          message: { type: 'string', description: 'In the language of `Accept-Language`.' },
          problems: { type: 'array', items: ref('Problem') },
        },
        required: ['code', 'message'],
        additionalProperties: false,
      },
    },
    required: ['error'],
    additionalProperties: false,
  },
};
