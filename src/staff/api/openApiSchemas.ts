import { LANGUAGES } from '../../i18n/language';
import type { PaymentMethod } from '../../orders/order';
import type { ChatChannel } from '../../students/student';
import { DEAD_LETTER_REASONS, ERROR_CHARS, EXCERPT_CHARS } from '../../turns/deadLetters';
import type { AuditAction, PushStatus } from '../staffDesk';
import {
  MAX_CONFIRM_LINE_RECIPIENTS,
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
    properties: {
      filter: ref('OrderFilter'),
      message: ref('PushMessage'),
      confirmLineRecipients: {
        type: 'integer',
        minimum: 0,
        maximum: MAX_CONFIRM_LINE_RECIPIENTS,
        description:
          'Sending: over LINE’s monthly quota, send to this many LINE users, at most the ' +
          'preview’s `lineQuota.recipientsThatFit` (earliest application first); the others are ' +
          'reported in `notSent`. Ignored while the push fits or the quota is unknown.',
      },
    },
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
      lineQuota: ref('PushLineQuota'),
    },
    required: ['audience', 'texts'],
  },
  PushLineQuota: {
    type: 'object',
    description:
      'LINE’s monthly message quota (`GET /v2/bot/message/quota` and `/quota/consumption`) ' +
      'beside what the push needs; absent when the service has no LINE channel.',
    properties: {
      type: {
        type: 'string',
        enum: ['none', 'limited', 'unknown'],
        description:
          '`none`: no monthly limit; `unknown`: LINE’s quota endpoints failed or did not answer ' +
          'in 3 s, and the push may be sent unchecked.',
      },
      limit: { ...count, description: '`limited`: this month’s limit.' },
      used: { ...count, description: '`limited`: messages counted this month.' },
      remaining: { ...count, description: '`limited`: what is left.' },
      recipients: { ...count, description: 'LINE users the push goes to (not blocked).' },
      messagesNeeded: {
        ...count,
        description: 'One per LINE user per message object, as LINE counts them.',
      },
      exceeded: {
        type: 'boolean',
        description: 'More needed than remain: sending needs `confirmLineRecipients`.',
      },
      recipientsThatFit: {
        ...count,
        description: 'LINE users the remaining quota carries, earliest application first.',
      },
    },
    required: ['type', 'recipients', 'messagesNeeded', 'exceeded', 'recipientsThatFit'],
    additionalProperties: false,
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
      batches: {
        ...count,
        description: 'Delivery batches in all (at most 500 chats of one channel and language).',
      },
      batchesDone: {
        ...count,
        description: 'Batches delivered and counted in `report`: where a takeover resumes.',
      },
      deliveredBy: {
        type: 'string',
        description: 'The instance (`hostname:pid`) delivering the push, or that finished it.',
      },
      resumed: {
        type: 'array',
        items: ref('PushResume'),
        description: 'Each takeover by another instance, oldest first; absent if none.',
      },
      lineQuota: { ...ref('PushLineQuota'), description: 'LINE’s quota when it was sent.' },
      notSent: {
        type: 'object',
        description: 'Absent when the push went to its whole audience.',
        properties: {
          line: { ...count, description: 'LINE users left out (staff confirmed).' },
          reason: { type: 'string', enum: ['line_quota_exceeded'] },
        },
        required: ['line', 'reason'],
        additionalProperties: false,
      },
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
  PushResume: {
    type: 'object',
    properties: {
      by: { type: 'string', description: 'The instance that took the push over.' },
      at: time('When it took over.'),
      fromBatch: { ...count, description: 'The first batch it delivered (0-based).' },
    },
    required: ['by', 'at', 'fromBatch'],
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
  DeadLetter: {
    type: 'object',
    properties: {
      at: time('When it was put aside.'),
      channel: {
        type: 'string',
        description: '`line`, `webchat`, … (`unknown` for an unreadable queue entry).',
      },
      reason: {
        type: 'string',
        enum: DEAD_LETTER_REASONS,
        description:
          '`too_deep` / `too_large`: refused before queuing; `unqueueable`: queuing it failed; ' +
          '`failed`: its turn threw outside the bot; `unreadable`: a queue entry not written by the service; ' +
          '`undelivered`: its answer could not be delivered for as long as the service retries (30 minutes).',
      },
      eventId: { type: 'string', description: 'The channel’s event id (LINE `webhookEventId`).' },
      excerpt: {
        type: 'string',
        maxLength: EXCERPT_CHARS + 1,
        description: 'The start of the event as JSON (an ellipsis when cut).',
      },
      error: {
        type: 'string',
        maxLength: ERROR_CHARS + 1,
        description: 'The error’s name and message, never its stack.',
      },
    },
    required: ['at', 'channel', 'reason', 'excerpt'],
  },
  DeadLetterList: {
    type: 'object',
    properties: {
      deadLetters: { type: 'array', items: ref('DeadLetter'), description: 'Newest first.' },
    },
    required: ['deadLetters'],
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
          lineQuota: {
            ...ref('PushLineQuota'),
            description: '`line_quota_exceeded`: the quota and what the push needs.',
          },
        },
        required: ['code', 'message'],
        additionalProperties: false,
      },
    },
    required: ['error'],
    additionalProperties: false,
  },
};
