import { systemClock, type Clock } from '../platform/clock';
import { PayPalApiError } from './errors';
import { readOrderCapture, type PayPalCapture } from './payPalCapture';

export interface PayPalClientOptions {
  clientId: string;
  clientSecret: string;
  /** `https://api-m.paypal.com`, the sandbox, or a local server in tests. */
  apiBaseUrl: string;
  clock?: Clock;
  /** Per request; PayPal answers in well under a second when healthy. */
  timeoutMs?: number;
}

export interface CreatePayPalOrder {
  /** `PayPal-Request-Id`: the same id returns the same PayPal order instead of a second one. */
  requestId: string;
  /** Our order id: sent as `reference_id` and `custom_id`, and echoed in webhooks. */
  orderId: string;
  /** Whole yen. */
  amount: number;
  returnUrl: string;
  cancelUrl: string;
  /** PayPal's page language, e.g. `ja-JP`. */
  locale: string;
}

export interface PayPalOrderCreated {
  /** The PayPal order id (our payment reference; PayPal calls it `token` on the return URL). */
  id: string;
  /** Where the student approves the payment (`payer-action` or `approve` link). */
  approveUrl: string;
}

/** What capturing gave: a capture (in whatever state), or an order the payer has not approved. */
export type PayPalCaptureResult =
  { kind: 'captured'; capture: PayPalCapture } | { kind: 'not_approved' };

/** The four fields of a webhook's `PAYPAL-*` headers that verification needs. */
export interface PayPalTransmission {
  transmissionId: string;
  transmissionTime: string;
  transmissionSig: string;
  certUrl: string;
  authAlgo: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Renew the token this long before PayPal says it expires. */
const TOKEN_MARGIN_MS = 60_000;

/**
 * PayPal REST over `fetch`: the OAuth2 client-credentials token (cached until shortly before
 * it expires), Orders v2 create / capture / show, and webhook signature verification. Secrets
 * and tokens never appear in errors or logs.
 */
export class PayPalClient {
  private token?: { value: string; expiresAtMs: number };
  private pendingToken?: Promise<string>;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(private readonly options: PayPalClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async createOrder(input: CreatePayPalOrder): Promise<PayPalOrderCreated> {
    const answer = await this.call('create_order', 'POST', '/v2/checkout/orders', {
      headers: { 'PayPal-Request-Id': input.requestId, Prefer: 'return=minimal' },
      body: JSON.stringify({
        intent: 'CAPTURE',
        purchase_units: [
          {
            reference_id: input.orderId,
            custom_id: input.orderId,
            amount: { currency_code: 'JPY', value: String(input.amount) },
          },
        ],
        payment_source: {
          paypal: {
            experience_context: {
              return_url: input.returnUrl,
              cancel_url: input.cancelUrl,
              locale: input.locale,
              user_action: 'PAY_NOW',
              shipping_preference: 'NO_SHIPPING',
            },
          },
        },
      }),
    });
    const id = answer.body.id;
    // With `payment_source` PayPal names the link `payer-action`; without it, `approve`.
    const approveUrl = linkOf(answer.body, 'payer-action') ?? linkOf(answer.body, 'approve');
    if (typeof id !== 'string' || !approveUrl) {
      throw new PayPalApiError('create_order', answer.status, 'NO_APPROVE_LINK');
    }
    return { id, approveUrl };
  }

  /**
   * Captures an approved order. The request id is fixed per PayPal order, so a reload replays
   * PayPal's first answer instead of charging twice; an order captured meanwhile (say, by
   * another instance) is read back instead.
   */
  async captureOrder(paypalOrderId: string): Promise<PayPalCaptureResult> {
    const path = `/v2/checkout/orders/${encodeURIComponent(paypalOrderId)}`;
    let answer: Answer;
    try {
      answer = await this.call('capture_order', 'POST', `${path}/capture`, {
        headers: {
          'PayPal-Request-Id': `capture-${paypalOrderId}`,
          Prefer: 'return=representation',
        },
        body: '{}',
      });
    } catch (err) {
      if (!(err instanceof PayPalApiError) || err.status !== 422) throw err;
      if (err.issue === 'ORDER_NOT_APPROVED') return { kind: 'not_approved' };
      if (err.issue !== 'ORDER_ALREADY_CAPTURED') throw err;
      answer = await this.call('show_order', 'GET', path);
    }
    const capture = readOrderCapture(answer.body);
    if (!capture) throw new PayPalApiError('capture_order', answer.status, 'NO_CAPTURE');
    return { kind: 'captured', capture };
  }

  /**
   * Asks PayPal whether a webhook delivery is genuine. `rawEvent` is the body exactly as
   * received (already checked to be JSON): it is embedded unchanged, because a re-serialised
   * event can differ from the one PayPal signed.
   */
  async verifyWebhookSignature(
    transmission: PayPalTransmission,
    webhookId: string,
    rawEvent: string,
  ): Promise<boolean> {
    const fields = JSON.stringify({
      auth_algo: transmission.authAlgo,
      cert_url: transmission.certUrl,
      transmission_id: transmission.transmissionId,
      transmission_sig: transmission.transmissionSig,
      transmission_time: transmission.transmissionTime,
      webhook_id: webhookId,
    });
    const answer = await this.call(
      'verify_webhook_signature',
      'POST',
      '/v1/notifications/verify-webhook-signature',
      { body: `${fields.slice(0, -1)},"webhook_event":${rawEvent}}` },
    );
    return answer.body.verification_status === 'SUCCESS';
  }

  private async call(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    request: { headers?: Record<string, string>; body?: string } = {},
    retried = false,
  ): Promise<Answer> {
    const token = await this.accessToken();
    const answer = await this.send(
      operation,
      method,
      path,
      {
        ...request.headers,
        Authorization: `Bearer ${token}`,
        ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      request.body,
    );
    // A token PayPal revoked before its time: fetch a new one, once.
    if (answer.status === 401 && !retried) {
      this.token = undefined;
      return this.call(operation, method, path, request, true);
    }
    if (answer.status >= 300) throw errorOf(operation, answer);
    return answer;
  }

  private accessToken(): Promise<string> {
    const nowMs = this.clock.now().toMillis();
    if (this.token && nowMs < this.token.expiresAtMs) return Promise.resolve(this.token.value);
    // Concurrent first calls share one token request.
    this.pendingToken ??= this.fetchToken().finally(() => {
      this.pendingToken = undefined;
    });
    return this.pendingToken;
  }

  private async fetchToken(): Promise<string> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString(
      'base64',
    );
    const answer = await this.send(
      'token',
      'POST',
      '/v1/oauth2/token',
      { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      'grant_type=client_credentials',
    );
    const { access_token: value, expires_in: expiresIn } = answer.body;
    if (answer.status !== 200 || typeof value !== 'string' || typeof expiresIn !== 'number') {
      throw errorOf('token', answer);
    }
    this.token = {
      value,
      expiresAtMs: this.clock.now().toMillis() + Math.max(0, expiresIn * 1000 - TOKEN_MARGIN_MS),
    };
    return value;
  }

  private async send(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<Answer> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.options.apiBaseUrl}${path}`, {
        method,
        headers: { Accept: 'application/json', ...headers },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch {
      throw new PayPalApiError(operation, 0, 'NETWORK');
    }
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
    return { status: response.status, body: isObject ? (parsed as Record<string, unknown>) : {} };
  }
}

function errorOf(operation: string, answer: Answer): PayPalApiError {
  const details = Array.isArray(answer.body.details) ? answer.body.details : [];
  const issue =
    (details[0] as { issue?: unknown } | undefined)?.issue ?? answer.body.name ?? answer.body.error;
  const debugId = answer.body.debug_id;
  return new PayPalApiError(
    operation,
    answer.status,
    typeof issue === 'string' ? issue : undefined,
    typeof debugId === 'string' ? debugId : undefined,
  );
}

/** The `href` of a HATEOAS link of a PayPal answer, by `rel`. */
function linkOf(body: Record<string, unknown>, rel: string): string | undefined {
  const links: unknown[] = Array.isArray(body.links) ? body.links : [];
  const link = links.find((item) => (item as { rel?: unknown } | null)?.rel === rel) as
    { href?: unknown } | undefined;
  return typeof link?.href === 'string' ? link.href : undefined;
}
