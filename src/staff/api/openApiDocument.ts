import { MAX_DEADLINE_HOURS } from '../staffInput';
import { FILTER_FIELDS } from '../staffInput';
import { LIST_LIMITS, type ListLimit } from './staffApiRequests';
import { STAFF_API_SCHEMAS } from './openApiSchemas';
import type {
  JsonSchema,
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiReference,
  OpenApiResponse,
} from './openApiTypes';

const schema = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string): OpenApiReference => ({ $ref: `#/components/responses/${name}` });
const json = (name: string) => ({ 'application/json': { schema: schema(name) } });

const ok = (description: string, name: string): OpenApiResponse => ({
  description,
  content: json(name),
});

const limit = (limits: ListLimit, what: string): OpenApiParameter => ({
  name: 'limit',
  in: 'query',
  description: `At most this many ${what}.`,
  schema: { type: 'integer', minimum: 1, maximum: limits.max, default: limits.fallback },
});

const FILTER_PARAMETERS: Record<(typeof FILTER_FIELDS)[number], OpenApiParameter> = {
  status: { name: 'status', in: 'query', schema: schema('OrderStatus') },
  certificateId: {
    name: 'certificateId',
    in: 'query',
    description: 'A catalogue certificate id: orders with at least one such line.',
    schema: { type: 'string' },
  },
  network: { name: 'network', in: 'query', schema: schema('PrintNetwork') },
  deadlineWithinHours: {
    name: 'deadlineWithinHours',
    in: 'query',
    description: 'Open orders (awaiting payment, paid, printable) due within this many hours.',
    schema: { type: 'integer', minimum: 1, maximum: MAX_DEADLINE_HOURS },
  },
  studentId: {
    name: 'studentId',
    in: 'query',
    description: 'One student’s orders (ECS-ID / SPS-ID).',
    schema: { type: 'string', maxLength: 32 },
  },
};

const pushBody: OpenApiOperation['requestBody'] = { required: true, content: json('PushRequest') };
const bodyRefusals = {
  '400': response('BadRequest'),
  '413': response('PayloadTooLarge'),
  '415': response('UnsupportedMediaType'),
};
const always = { '401': response('Unauthorized'), '503': response('Unavailable') };

const refusal = (description: string, extra: Partial<OpenApiResponse> = {}): OpenApiResponse => ({
  description,
  content: json('Error'),
  ...extra,
});

/**
 * The OpenAPI 3.1 description of the staff API, served at `GET /admin/api/openapi.json`. Tests
 * check that it describes every registered route and that every path it describes answers.
 */
export const STAFF_API_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
  info: {
    title: 'Certificate bot staff API',
    version: '1.0.0',
    description:
      'Orders, staff pushes, the audit log and the dead-letter list, for university staff. Every request carries ' +
      '`Authorization: Bearer <token>` with a token from `STAFF_API_TOKENS`; pushes are ' +
      'recorded in the audit log as `api:<token name>`. Times are ISO 8601 in Japan time.',
  },
  security: [{ bearerAuth: [] }],
  tags: [
    { name: 'orders' },
    { name: 'pushes' },
    { name: 'audit' },
    { name: 'dead-letters' },
    { name: 'meta' },
  ],
  paths: {
    '/admin/api/orders': {
      get: {
        operationId: 'listOrders',
        tags: ['orders'],
        summary: 'Orders matching a filter, newest application first',
        description: 'Unknown or repeated parameters are refused (400), never ignored.',
        parameters: [...Object.values(FILTER_PARAMETERS), limit(LIST_LIMITS.orders, 'orders')],
        responses: {
          '200': ok('One page of orders.', 'OrderPage'),
          '400': response('BadRequest'),
          ...always,
        },
      },
    },
    '/admin/api/orders/{orderId}': {
      get: {
        operationId: 'getOrder',
        tags: ['orders'],
        summary: 'One order with its history',
        parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': ok('The order.', 'Order'),
          '404': response('NotFound'),
          ...always,
        },
      },
    },
    '/admin/api/pushes/preview': {
      post: {
        operationId: 'previewPush',
        tags: ['pushes'],
        summary: 'Who a push would reach, what they would read, and LINE’s quota left',
        requestBody: pushBody,
        responses: {
          '200': ok('The audience and texts.', 'PushPreview'),
          ...bodyRefusals,
          ...always,
        },
      },
    },
    '/admin/api/pushes': {
      post: {
        operationId: 'startPush',
        tags: ['pushes'],
        summary: 'Send a message to every student with a matching order',
        description:
          'Starts delivering in the background and answers at once; poll the `Location` for ' +
          'the report. With `Idempotency-Key`, the same key from the same token within 24 hours ' +
          'answers with the push it started instead of sending again. A push needing more LINE ' +
          'messages than LINE’s monthly quota has left is refused (409 `line_quota_exceeded`) ' +
          'unless `confirmLineRecipients` says to send to the LINE users that fit; when LINE ' +
          'cannot say what is left, the push is sent unchecked.',
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            description: 'Any unique string (a UUID), at most 200 visible ASCII characters.',
            schema: { type: 'string', maxLength: 200 },
          },
        ],
        requestBody: pushBody,
        responses: {
          '202': {
            description: 'The push started (or, for a repeated key, had started).',
            headers: {
              Location: { description: 'Where to poll the job.', schema: { type: 'string' } },
              'Idempotent-Replayed': {
                description: '`true` when a repeated key answered with an earlier push.',
                schema: { type: 'string', const: 'true' },
              },
            },
            content: json('PushJob'),
          },
          ...bodyRefusals,
          '409': refusal(
            '`idempotency_key_in_use`: a request with this key is still being started; retry ' +
              'shortly. `line_quota_exceeded`: over LINE’s monthly quota and not confirmed, or ' +
              'confirmed for more LINE users than fit (`error.lineQuota` says how many fit).',
          ),
          '422': refusal('This key was used for a different push.'),
          ...always,
        },
      },
      get: {
        operationId: 'listPushes',
        tags: ['pushes'],
        summary: 'Recent pushes, newest first',
        parameters: [limit(LIST_LIMITS.pushes, 'pushes')],
        responses: {
          '200': ok('The pushes.', 'PushList'),
          '400': response('BadRequest'),
          ...always,
        },
      },
    },
    '/admin/api/pushes/{pushId}': {
      get: {
        operationId: 'getPush',
        tags: ['pushes'],
        summary: 'One push and its delivery report',
        parameters: [{ name: 'pushId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': ok('The push.', 'PushJob'), '404': response('NotFound'), ...always },
      },
    },
    '/admin/api/audit': {
      get: {
        operationId: 'listAudit',
        tags: ['audit'],
        summary: 'The staff audit log, newest first',
        parameters: [limit(LIST_LIMITS.audit, 'entries')],
        responses: {
          '200': ok('The entries.', 'AuditLog'),
          '400': response('BadRequest'),
          ...always,
        },
      },
    },
    '/admin/api/dead-letters': {
      get: {
        operationId: 'listDeadLetters',
        tags: ['dead-letters'],
        summary: 'Events that could not be parsed, queued or run, newest first',
        description:
          'Each was acknowledged and skipped, never blocking the other events or later turns. ' +
          'The newest 1,000 are kept, for 30 days after the last one.',
        parameters: [limit(LIST_LIMITS.deadLetters, 'dead letters')],
        responses: {
          '200': ok('The dead letters.', 'DeadLetterList'),
          '400': response('BadRequest'),
          ...always,
        },
      },
    },
    '/admin/api/openapi.json': {
      get: {
        operationId: 'openApi',
        tags: ['meta'],
        summary: 'This document',
        responses: {
          '200': {
            description: 'OpenAPI 3.1.',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          ...always,
        },
      },
    },
  },
  components: {
    schemas: STAFF_API_SCHEMAS,
    responses: {
      BadRequest: refusal('Malformed JSON, or input with `problems`.'),
      Unauthorized: refusal('No valid bearer token.', {
        headers: {
          'WWW-Authenticate': {
            description: '`Bearer realm="staff-api"`',
            schema: { type: 'string' },
          },
        },
      }),
      NotFound: refusal('No such order, push or path.'),
      PayloadTooLarge: refusal('The body is over 64 KiB.'),
      UnsupportedMediaType: refusal('The body is not `application/json`.'),
      Unavailable: refusal('The service could not answer; retry later.'),
    },
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'A token from `STAFF_API_TOKENS` (`name:token`, token ≥ 32 characters).',
      },
    },
  },
};
