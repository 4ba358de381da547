/** The staff API's operations: each is a method of `StaffApiHandlers` and an OpenAPI `operationId`. */
export type StaffApiOperation =
  | 'listOrders'
  | 'getOrder'
  | 'previewPush'
  | 'startPush'
  | 'listPushes'
  | 'getPush'
  | 'listAudit'
  | 'listDeadLetters'
  | 'openApi';

export interface StaffApiRoute {
  method: 'GET' | 'POST';
  /** In restify's form (`:orderId`); the OpenAPI document writes `{orderId}`. */
  path: string;
  operation: StaffApiOperation;
}

/** Every route of the staff API. The OpenAPI document must describe exactly these (a test checks). */
export const STAFF_API_ROUTES: readonly StaffApiRoute[] = [
  { method: 'GET', path: '/admin/api/orders', operation: 'listOrders' },
  { method: 'GET', path: '/admin/api/orders/:orderId', operation: 'getOrder' },
  { method: 'POST', path: '/admin/api/pushes/preview', operation: 'previewPush' },
  { method: 'POST', path: '/admin/api/pushes', operation: 'startPush' },
  { method: 'GET', path: '/admin/api/pushes', operation: 'listPushes' },
  { method: 'GET', path: '/admin/api/pushes/:pushId', operation: 'getPush' },
  { method: 'GET', path: '/admin/api/audit', operation: 'listAudit' },
  { method: 'GET', path: '/admin/api/dead-letters', operation: 'listDeadLetters' },
  { method: 'GET', path: '/admin/api/openapi.json', operation: 'openApi' },
];

/** The methods a path answers to (empty: no such resource), for 405 versus 404. */
export function allowedMethods(pathname: string): StaffApiRoute['method'][] {
  return STAFF_API_ROUTES.filter((route) => pattern(route.path).test(pathname)).map(
    (route) => route.method,
  );
}

function pattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}
