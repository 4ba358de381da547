import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';

/**
 * A local stand-in for PayPal's REST API (api-m.paypal.com), answering what the service uses
 * as PayPal documents it: the OAuth2 client-credentials token, Orders v2 create (idempotent on
 * `PayPal-Request-Id`, JPY without decimals), an approval page the test can walk through,
 * capture (once per order; a repeated request id replays the first answer), show order, and
 * `verify-webhook-signature`, which says SUCCESS only for deliveries this fake signed itself.
 */

/** JSON as PayPal receives it: the fake checks shapes at run time, as PayPal does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface RecordedPayPalCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Json;
  status: number;
}

export interface FakePayPalOrder {
  id: string;
  requestId: string;
  body: Json;
  returnUrl: string;
  cancelUrl: string;
  approved: boolean;
  capture?: Json;
}

interface Answer {
  status: number;
  body: Json;
  headers?: Record<string, string>;
}

interface Signed {
  transmissionId: string;
  transmissionTime: string;
  webhookId: string;
  event: Json;
}

export const FAKE_PAYPAL_CLIENT_ID = 'fake-client-id';
export const FAKE_PAYPAL_SECRET = 'fake-client-secret';
export const FAKE_PAYPAL_WEBHOOK_ID = '1JE4291016473214C';

export interface FakePayPalOptions {
  /**
   * PayPal's clock: the times it stamps on captures, webhook events and transmissions. A test
   * whose service runs on a fixed clock passes the same clock here, so that what PayPal says
   * about time agrees with the service however the wall clock stands.
   */
  now?: () => Date;
}

export class FakePayPal {
  readonly calls: RecordedPayPalCall[] = [];
  readonly orders = new Map<string, FakePayPalOrder>();
  /** Seconds a new token lives (PayPal: about nine hours). */
  tokenLifetimeSeconds = 32_400;
  /** What the next captures report: `COMPLETED`, or `PENDING` (e.g. an eCheck). */
  captureStatus = 'COMPLETED';
  url = '';
  private server?: Server;
  private readonly tokens = new Set<string>();
  private readonly byRequestId = new Map<string, string>();
  private readonly captureReplies = new Map<string, Answer>();
  private readonly signatures = new Map<string, Signed>();
  private readonly signingKey = randomBytes(32);
  private readonly now: () => Date;

  constructor(options: FakePayPalOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Calls to one path pattern, e.g. `/v2/checkout/orders` or `/capture`. */
  callsTo(method: string, pathPart: string | RegExp): RecordedPayPalCall[] {
    return this.calls.filter(
      (call) =>
        call.method === method &&
        (typeof pathPart === 'string' ? call.path.endsWith(pathPart) : pathPart.test(call.path)),
    );
  }

  /** How many captures PayPal actually made (replays and refusals excluded). */
  get captureCount(): number {
    return [...this.orders.values()].filter((order) => order.capture).length;
  }

  /** Invalidates every token issued so far, as PayPal may before their expiry. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** The student approves on PayPal's page: returns where PayPal sends the browser back. */
  approve(orderId: string): string {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`fake PayPal has no order ${orderId}`);
    order.approved = true;
    const back = new URL(order.returnUrl);
    back.searchParams.set('token', order.id);
    back.searchParams.set('PayerID', 'FAKEPAYER123');
    return back.toString();
  }

  /** Signs a webhook delivery as PayPal would: the exact body and the `PAYPAL-*` headers. */
  signWebhook(event: Json): { body: string; headers: Record<string, string> } {
    const body = JSON.stringify(event);
    const transmissionId = randomUUID();
    const transmissionTime = this.now().toISOString();
    const sig = this.signature(transmissionId, transmissionTime, FAKE_PAYPAL_WEBHOOK_ID, body);
    this.signatures.set(sig, {
      transmissionId,
      transmissionTime,
      webhookId: FAKE_PAYPAL_WEBHOOK_ID,
      event: JSON.parse(body),
    });
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        'PAYPAL-TRANSMISSION-ID': transmissionId,
        'PAYPAL-TRANSMISSION-TIME': transmissionTime,
        'PAYPAL-TRANSMISSION-SIG': sig,
        'PAYPAL-CERT-URL': `${this.url}/v1/notifications/certs/CERT-360caa42-fca2a594-fake`,
        'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
      },
    };
  }

  /** The `PAYMENT.CAPTURE.COMPLETED` event of an order's capture (captured first if need be). */
  captureCompletedEvent(orderId: string): Json {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`fake PayPal has no order ${orderId}`);
    if (!order.capture) {
      order.approved = true;
      order.capture = this.newCapture(order);
    }
    return {
      id: `WH-${randomBytes(8).toString('hex').toUpperCase()}`,
      event_version: '1.0',
      create_time: this.now().toISOString(),
      resource_type: 'capture',
      resource_version: '2.0',
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      summary: `Payment completed for JPY ${order.capture.amount.value}`,
      resource: {
        ...order.capture,
        supplementary_data: { related_ids: { order_id: order.id } },
      },
    };
  }

  private signature(id: string, time: string, webhookId: string, body: string): string {
    const digest = createHash('sha256').update(body).digest('hex');
    return createHmac('sha256', this.signingKey)
      .update(`${id}|${time}|${webhookId}|${digest}`)
      .digest('base64');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    let body: Json = raw;
    if ((req.headers['content-type'] ?? '').startsWith('application/json')) {
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = undefined;
      }
    }
    const answer = this.route(req, url, body, raw);
    this.calls.push({
      method: req.method ?? '',
      path: url.pathname,
      headers: req.headers,
      body,
      status: answer.status,
    });
    res.writeHead(answer.status, {
      'Content-Type': 'application/json',
      'Paypal-Debug-Id': randomBytes(6).toString('hex'),
      ...answer.headers,
    });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }

  private route(req: IncomingMessage, url: URL, body: Json, raw: string): Answer {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1/oauth2/token') return this.token(req, raw);
    if (req.method === 'GET' && path === '/checkoutnow') return this.checkoutPage(url);
    if (!this.authorised(req)) {
      return error(401, 'AUTHENTICATION_FAILURE', 'invalid_token');
    }
    if (body === undefined) return error(400, 'INVALID_REQUEST', 'MALFORMED_REQUEST_JSON');
    if (req.method === 'POST' && path === '/v2/checkout/orders') return this.create(req, body);
    const capture = /^\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(path);
    if (req.method === 'POST' && capture) return this.capture(req, decodeURIComponent(capture[1]));
    const show = /^\/v2\/checkout\/orders\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && show) {
      const order = this.orders.get(decodeURIComponent(show[1]));
      return order ? { status: 200, body: this.representation(order) } : notFound();
    }
    if (req.method === 'POST' && path === '/v1/notifications/verify-webhook-signature') {
      return this.verify(body);
    }
    return notFound();
  }

  private token(req: IncomingMessage, raw: string): Answer {
    const expected = Buffer.from(`${FAKE_PAYPAL_CLIENT_ID}:${FAKE_PAYPAL_SECRET}`).toString(
      'base64',
    );
    if (req.headers.authorization !== `Basic ${expected}`) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Client Authentication failed' },
      };
    }
    if (new URLSearchParams(raw).get('grant_type') !== 'client_credentials') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const token = `A21AA${randomBytes(24).toString('base64url')}`;
    this.tokens.add(token);
    return {
      status: 200,
      body: {
        scope: 'https://uri.paypal.com/services/payments/payment',
        access_token: token,
        token_type: 'Bearer',
        app_id: 'APP-80W284485P519543T',
        expires_in: this.tokenLifetimeSeconds,
        nonce: randomUUID(),
      },
    };
  }

  private authorised(req: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return !!match && this.tokens.has(match[1]);
  }

  private create(req: IncomingMessage, body: Json): Answer {
    const requestId = header(req, 'paypal-request-id');
    if (body?.payment_source && !requestId) {
      return error(400, 'INVALID_REQUEST', 'PAYPAL_REQUEST_ID_REQUIRED');
    }
    const known = requestId ? this.byRequestId.get(requestId) : undefined;
    if (known) return { status: 200, body: this.created(this.orders.get(known)!) };
    if (body?.intent !== 'CAPTURE') return error(422, 'UNPROCESSABLE_ENTITY', 'INVALID_INTENT');
    const units = body.purchase_units;
    if (!Array.isArray(units) || units.length !== 1) {
      return error(400, 'INVALID_REQUEST', 'INVALID_ARRAY_MAX_ITEMS');
    }
    const amount = units[0]?.amount;
    if (amount?.currency_code !== 'JPY') {
      return error(422, 'UNPROCESSABLE_ENTITY', 'CURRENCY_NOT_SUPPORTED');
    }
    if (typeof amount.value !== 'string' || !/^\d+$/.test(amount.value)) {
      return error(422, 'UNPROCESSABLE_ENTITY', 'DECIMALS_NOT_SUPPORTED');
    }
    const context =
      body.payment_source?.paypal?.experience_context ?? body.application_context ?? {};
    if (typeof context.return_url !== 'string' || typeof context.cancel_url !== 'string') {
      return error(422, 'UNPROCESSABLE_ENTITY', 'MISSING_RETURN_URL');
    }
    const order: FakePayPalOrder = {
      id: randomBytes(9).toString('hex').toUpperCase().slice(0, 17),
      requestId: requestId ?? '',
      body,
      returnUrl: context.return_url,
      cancelUrl: context.cancel_url,
      approved: false,
    };
    this.orders.set(order.id, order);
    if (requestId) this.byRequestId.set(requestId, order.id);
    return { status: 201, body: this.created(order) };
  }

  private created(order: FakePayPalOrder): Json {
    const action = order.body.payment_source ? 'payer-action' : 'approve';
    return {
      id: order.id,
      status: order.body.payment_source ? 'PAYER_ACTION_REQUIRED' : 'CREATED',
      links: [
        { href: `${this.url}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' },
        { href: `${this.url}/checkoutnow?token=${order.id}`, rel: action, method: 'GET' },
      ],
    };
  }

  /** PayPal's approval page, reduced to "the payer approved": redirects to the return URL. */
  private checkoutPage(url: URL): Answer {
    const id = url.searchParams.get('token') ?? '';
    if (!this.orders.has(id)) return notFound();
    return { status: 302, body: undefined, headers: { Location: this.approve(id) } };
  }

  private capture(req: IncomingMessage, id: string): Answer {
    const requestId = header(req, 'paypal-request-id');
    const replay = requestId ? this.captureReplies.get(`${id}|${requestId}`) : undefined;
    if (replay) return replay;
    const order = this.orders.get(id);
    let answer: Answer;
    if (!order) answer = notFound();
    else if (order.capture) answer = error(422, 'UNPROCESSABLE_ENTITY', 'ORDER_ALREADY_CAPTURED');
    else if (!order.approved) answer = error(422, 'UNPROCESSABLE_ENTITY', 'ORDER_NOT_APPROVED');
    else {
      order.capture = this.newCapture(order);
      answer = { status: 201, body: this.representation(order) };
    }
    // PayPal replays the answer of a request id it completed (a refusal can be retried).
    if (requestId && answer.status < 300) this.captureReplies.set(`${id}|${requestId}`, answer);
    return answer;
  }

  private newCapture(order: FakePayPalOrder): Json {
    const unit = order.body.purchase_units[0];
    return {
      id: randomBytes(9).toString('hex').toUpperCase().slice(0, 17),
      status: this.captureStatus,
      amount: { currency_code: unit.amount.currency_code, value: unit.amount.value },
      final_capture: true,
      custom_id: unit.custom_id,
      create_time: this.now().toISOString(),
      update_time: this.now().toISOString(),
    };
  }

  private representation(order: FakePayPalOrder): Json {
    const unit = order.body.purchase_units[0];
    return {
      id: order.id,
      status: order.capture ? 'COMPLETED' : order.approved ? 'APPROVED' : 'PAYER_ACTION_REQUIRED',
      purchase_units: [
        {
          reference_id: unit.reference_id,
          custom_id: unit.custom_id,
          amount: unit.amount,
          ...(order.capture ? { payments: { captures: [order.capture] } } : {}),
        },
      ],
      links: [{ href: `${this.url}/v2/checkout/orders/${order.id}`, rel: 'self', method: 'GET' }],
    };
  }

  private verify(body: Json): Answer {
    const fields = [
      'auth_algo',
      'cert_url',
      'transmission_id',
      'transmission_sig',
      'transmission_time',
      'webhook_id',
    ];
    if (fields.some((field) => typeof body?.[field] !== 'string') || !body.webhook_event) {
      return error(400, 'VALIDATION_ERROR', 'MISSING_REQUIRED_PARAMETER');
    }
    const signed = this.signatures.get(body.transmission_sig);
    const genuine =
      !!signed &&
      signed.transmissionId === body.transmission_id &&
      signed.transmissionTime === body.transmission_time &&
      signed.webhookId === body.webhook_id &&
      isDeepStrictEqual(signed.event, body.webhook_event);
    return { status: 200, body: { verification_status: genuine ? 'SUCCESS' : 'FAILURE' } };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function error(status: number, name: string, issue: string): Answer {
  return {
    status,
    body: {
      name,
      message: 'The requested action could not be performed.',
      debug_id: randomBytes(6).toString('hex'),
      details: [{ issue, description: issue }],
    },
  };
}

function notFound(): Answer {
  return error(404, 'RESOURCE_NOT_FOUND', 'INVALID_RESOURCE_ID');
}

/** Starts a fake PayPal on a free port. */
export function startFakePayPal(options: FakePayPalOptions = {}): Promise<FakePayPal> {
  return new FakePayPal(options).start();
}
