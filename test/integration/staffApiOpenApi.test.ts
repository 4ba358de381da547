import type { Texts } from '../../src/i18n/i18n';
import type {
  JsonSchema,
  OpenApiDocument,
  OpenApiMethod,
  OpenApiOperation,
  OpenApiReference,
  OpenApiResponse,
} from '../../src/staff/api/openApiTypes';
import { FILTER_FIELDS } from '../../src/staff/staffInput';
import { STAFF_API_ROUTES } from '../../src/staff/api/staffApiRoutes';
import { startService, type ServiceHarness } from '../support/appHarness';
import { openForm, submitForm } from '../support/formClient';
import { loadTexts } from '../support/texts';
import { applyForEnrollment, linkOf, registeredStudent } from '../support/webChatStudent';

jest.setTimeout(90_000);

const TOKEN = 'docs-0123456789abcdef0123456789abcdef';
const METHODS: OpenApiMethod[] = ['get', 'post', 'put', 'patch', 'delete'];
const PUSH_REQUEST = {
  filter: { status: 'printable' },
  message: { ja: 'お知らせです。', en: 'A notice.' },
};

/** `/admin/api/orders/:orderId` → `/admin/api/orders/{orderId}`. */
const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

function resolve<T>(document: OpenApiDocument, ref: string): T {
  expect(ref.startsWith('#/')).toBe(true);
  const found = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
  if (found === undefined) throw new Error(`unresolved ${ref}`);
  return found as T;
}

const TYPES: Record<string, (value: unknown) => boolean> = {
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  array: Array.isArray,
  string: (v) => typeof v === 'string',
  integer: Number.isInteger,
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  null: (v) => v === null,
};

/**
 * Checks `value` against the subset of JSON Schema the document uses, strictly: an object
 * schema with `properties` and no `additionalProperties` refuses any other property, so a field
 * the API sends but the document does not describe is found here.
 */
function mismatches(
  document: OpenApiDocument,
  schema: JsonSchema,
  value: unknown,
  at = '$',
): string[] {
  if (schema.$ref) {
    return mismatches(document, resolve<JsonSchema>(document, schema.$ref), value, at);
  }
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length > 0 && !types.some((type) => TYPES[type](value))) {
    return [`${at}: ${JSON.stringify(value)} is not ${types.join(' | ')}`];
  }
  if (schema.enum && !schema.enum.includes(value as string)) problems.push(`${at}: not in enum`);
  if (schema.const !== undefined && value !== schema.const) problems.push(`${at}: not const`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) problems.push(`${at}: short`);
    if (schema.maxLength !== undefined && length > schema.maxLength) problems.push(`${at}: long`);
    if (
      schema.format === 'date-time' &&
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+09:00$/.test(value)
    ) {
      problems.push(`${at}: not a JST date-time`);
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: too small`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: too big`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) =>
      problems.push(...mismatches(document, schema.items!, item, `${at}[${i}]`)),
    );
  }
  if (TYPES.object(value)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object)) problems.push(`${at}.${name}: required`);
    }
    for (const [name, item] of Object.entries(object)) {
      const property = schema.properties?.[name];
      if (property) problems.push(...mismatches(document, property, item, `${at}.${name}`));
      else if (
        schema.additionalProperties === false ||
        (schema.properties && !schema.additionalProperties)
      ) {
        problems.push(`${at}.${name}: not documented`);
      }
    }
  }
  return problems;
}

function operations(document: OpenApiDocument): [string, OpenApiMethod, OpenApiOperation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map(
      (method): [string, OpenApiMethod, OpenApiOperation] => [path, method, item[method]!],
    ),
  );
}

/**
 * The OpenAPI document served at /admin/api/openapi.json against the running service: it is
 * 3.1, names every registered route and nothing else, and every answer of every documented
 * operation matches its documented schema.
 */
describe('staff API OpenAPI document', () => {
  let texts: Texts;
  let service: ServiceHarness;
  let document: OpenApiDocument;
  let orderId: string;
  let pushId: string;

  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${service.base}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };

  /** The documented response of `operation` for `status`, with its JSON schema. */
  const documented = (operation: OpenApiOperation, status: number): OpenApiResponse => {
    const found = operation.responses[String(status)];
    if (!found) throw new Error(`${operation.operationId}: ${status} is not documented`);
    return '$ref' in found
      ? resolve<OpenApiResponse>(document, (found as OpenApiReference).$ref)
      : found;
  };

  const expectDocumentedAnswer = (
    operation: OpenApiOperation,
    answer: { status: number; headers: Headers; body: unknown },
  ) => {
    const response = documented(operation, answer.status);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    const schema = response.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    expect({
      operation: operation.operationId,
      status: answer.status,
      problems: mismatches(document, schema!, answer.body),
    }).toEqual({
      operation: operation.operationId,
      status: answer.status,
      problems: [],
    });
    for (const header of Object.keys(response.headers ?? {})) {
      if (header === 'Idempotent-Replayed') continue;
      expect({ header, present: answer.headers.has(header) }).toEqual({ header, present: true });
    }
  };

  const concretePath = (path: string) =>
    path.replace('{orderId}', orderId).replace('{pushId}', pushId);

  beforeAll(async () => {
    texts = await loadTexts();
    service = await startService({ STAFF_API_TOKENS: `docs:${TOKEN}` });
    const en = texts.t('en');
    const student = await registeredStudent(service.base, service.smtp, 'en-US');
    const pay = await applyForEnrollment(student, en, en('order.method.paypal'));
    await submitForm(service.base, await openForm(linkOf(pay)));
    await student.hear(4);
    [{ orderId }] = await service.app.orders.listForStudent('a0123456');
    const started = await call('POST', '/admin/api/pushes', TOKEN, PUSH_REQUEST);
    pushId = started.body.pushId;
    const served = await call('GET', '/admin/api/openapi.json', TOKEN);
    expect(served.status).toBe(200);
    document = served.body;
  });
  afterAll(async () => {
    await service?.close();
  });

  it('is OpenAPI 3.1 with bearer security, served only with a token', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBeTruthy();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    for (const name of [
      'Order',
      'OrderEvent',
      'PushJob',
      'DeliveryCounts',
      'PushPreview',
      'AuditEntry',
      'Error',
    ]) {
      expect({ name, type: document.components.schemas[name]?.type }).toEqual({
        name,
        type: 'object',
      });
    }
    expect((await call('GET', '/admin/api/openapi.json')).status).toBe(401);
  });

  it('resolves every $ref', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref') refs.push(value as string);
          else walk(value);
        }
      }
    };
    walk(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(() => resolve(document, ref)).not.toThrow();
  });

  it('describes exactly the routes the server registered under /admin/api', () => {
    const registered = Object.values(service.app.server.router.getRoutes())
      .filter((route) => typeof route.path === 'string' && route.path.startsWith('/admin/api'))
      // The catch-all answers 401 / 404 / 405 for paths that are not routes.
      .filter((route) => route.path !== '/admin/api' && route.path !== '/admin/api/*')
      .map((route) => `${route.method.toLowerCase()} ${openApiPath(route.path as string)}`)
      .sort();
    const described = operations(document)
      .map(([path, method]) => `${method} ${path}`)
      .sort();
    expect(described).toEqual(registered);
    expect(registered).toHaveLength(STAFF_API_ROUTES.length);
    for (const route of STAFF_API_ROUTES) {
      const operation =
        document.paths[openApiPath(route.path)]?.[route.method.toLowerCase() as OpenApiMethod];
      expect({ route: route.path, operationId: operation?.operationId }).toEqual({
        route: route.path,
        operationId: route.operation,
      });
    }
  });

  it('documents the filter parameters the API accepts', () => {
    const listOrders = document.paths['/admin/api/orders'].get!;
    const names = (listOrders.parameters ?? []).map((p) => ('name' in p ? p.name : p.$ref));
    expect(names.sort()).toEqual([...FILTER_FIELDS, 'limit'].sort());
    const filter = document.components.schemas.OrderFilter;
    expect(Object.keys(filter.properties ?? {}).sort()).toEqual([...FILTER_FIELDS].sort());
  });

  it('every documented operation answers (not 404), as documented', async () => {
    for (const [path, method, operation] of operations(document)) {
      const body = operation.requestBody ? PUSH_REQUEST : undefined;
      const answer = await call(method.toUpperCase(), concretePath(path), TOKEN, body);
      expect({ path, method, ok: answer.status >= 200 && answer.status < 300 }).toEqual({
        path,
        method,
        ok: true,
      });
      expectDocumentedAnswer(operation, answer);
    }
  });

  it('documents the refusals as they are sent', async () => {
    const op = (path: string, method: OpenApiMethod) => document.paths[path][method]!;
    for (const [path, method, operation] of operations(document)) {
      const refused = await call(method.toUpperCase(), concretePath(path));
      expect(refused.status).toBe(401);
      expectDocumentedAnswer(operation, refused);
    }
    expectDocumentedAnswer(
      op('/admin/api/orders', 'get'),
      await call('GET', '/admin/api/orders?status=lost', TOKEN),
    );
    expectDocumentedAnswer(
      op('/admin/api/orders/{orderId}', 'get'),
      await call('GET', '/admin/api/orders/ZZZZZZZZZZ', TOKEN),
    );
    expectDocumentedAnswer(
      op('/admin/api/pushes/{pushId}', 'get'),
      await call('GET', '/admin/api/pushes/ffffffffffffffff', TOKEN),
    );
    expectDocumentedAnswer(
      op('/admin/api/pushes', 'post'),
      await call('POST', '/admin/api/pushes', TOKEN, { filter: { statuz: 'x' }, message: {} }),
    );
  });
});
