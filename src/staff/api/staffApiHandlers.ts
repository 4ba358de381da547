import type { Catalogue } from '../../orders/catalogue';
import type { Logger } from '../../platform/logger';
import type { DeadLetters } from '../../turns/deadLetters';
import { LineQuotaExceededError } from '../errors';
import type { PushJob, StaffDesk } from '../staffDesk';
import type { Parsed } from '../staffInput';
import type { OpenApiDocument } from './openApiTypes';
import {
  idempotencyKeyId,
  isIdempotencyKey,
  pushFingerprint,
  type PushIdempotency,
} from './pushIdempotency';
import type { StaffApiCall, StaffApiResult } from './staffApiCall';
import { StaffApiError } from './errors';
import {
  LIST_LIMITS,
  parseLimitQuery,
  parseOrderQuery,
  parsePushRequest,
  type PushRequest,
} from './staffApiRequests';

export interface StaffApiHandlerDeps {
  desk: StaffDesk;
  catalogue: Pick<Catalogue, 'certificates'>;
  idempotency: PushIdempotency;
  deadLetters: Pick<DeadLetters, 'list'>;
  document: OpenApiDocument;
  logger: Logger;
}

/** Order and push ids are short and plain; anything else cannot name one. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Where a push job can be fetched. */
export function pushLocation(pushId: string): string {
  return `/admin/api/pushes/${encodeURIComponent(pushId)}`;
}

/**
 * The staff API's operations, one method per route (named as the OpenAPI `operationId`). Each
 * validates its input, asks the {@link StaffDesk} and returns the answer; refusals are thrown
 * as {@link StaffApiError}.
 */
export class StaffApiHandlers {
  constructor(private readonly deps: StaffApiHandlerDeps) {}

  async listOrders(call: StaffApiCall): Promise<StaffApiResult> {
    const { filter, limit } = valid(parseOrderQuery(call.query, this.deps.catalogue));
    const page = await this.deps.desk.listOrders(filter, limit);
    return ok({ orders: page.orders, truncated: page.truncated });
  }

  async getOrder(call: StaffApiCall): Promise<StaffApiResult> {
    const orderId = call.params.orderId ?? '';
    const order = ID.test(orderId) ? await this.deps.desk.getOrder(orderId) : undefined;
    if (!order) throw new StaffApiError(404, 'order_not_found');
    return ok(order);
  }

  async previewPush(call: StaffApiCall): Promise<StaffApiResult> {
    const { filter, message } = await this.pushRequest(call);
    return ok(await this.deps.desk.previewPush(filter, message));
  }

  /**
   * Starts a push (202 and where to poll it). With an `Idempotency-Key`, the same key from the
   * same token within a day answers with the push it started, never a second one.
   */
  async startPush(call: StaffApiCall): Promise<StaffApiResult> {
    const request = await this.pushRequest(call);
    const key = call.header('idempotency-key');
    if (key === undefined) return accepted(await this.start(call.actor, request));
    if (!isIdempotencyKey(key)) {
      throw new StaffApiError(400, 'invalid_request', [
        { field: 'Idempotency-Key', code: 'invalid' },
      ]);
    }
    const { idempotency } = this.deps;
    const keyId = idempotencyKeyId(call.actor, key);
    const fingerprint = pushFingerprint(request);
    const claim = await idempotency.claim(keyId, fingerprint);
    if (claim.kind !== 'claimed') {
      if (claim.fingerprint !== fingerprint) throw new StaffApiError(422, 'idempotency_key_reused');
      if (claim.kind === 'pending') {
        throw new StaffApiError(409, 'idempotency_key_in_use', [], { 'Retry-After': '1' });
      }
      const earlier = await this.deps.desk.getPush(claim.pushId);
      if (!earlier) throw new StaffApiError(404, 'push_not_found');
      return accepted(earlier, { 'Idempotent-Replayed': 'true' });
    }
    let job: PushJob;
    try {
      job = await this.start(call.actor, request);
    } catch (err) {
      await idempotency.release(keyId).catch(() => undefined);
      throw err;
    }
    try {
      await idempotency.complete(keyId, fingerprint, job.pushId);
    } catch (err) {
      // The push runs regardless; only a retry within the pending minute would be refused.
      this.deps.logger.warn({ err, pushId: job.pushId }, 'idempotency key not recorded');
    }
    return accepted(job);
  }

  async listPushes(call: StaffApiCall): Promise<StaffApiResult> {
    const limit = valid(parseLimitQuery(call.query, LIST_LIMITS.pushes));
    return ok({ pushes: await this.deps.desk.listPushes(limit) });
  }

  async getPush(call: StaffApiCall): Promise<StaffApiResult> {
    const pushId = call.params.pushId ?? '';
    const job = ID.test(pushId) ? await this.deps.desk.getPush(pushId) : undefined;
    if (!job) throw new StaffApiError(404, 'push_not_found');
    return ok(job);
  }

  async listAudit(call: StaffApiCall): Promise<StaffApiResult> {
    const limit = valid(parseLimitQuery(call.query, LIST_LIMITS.audit));
    return ok({ entries: await this.deps.desk.audit(limit) });
  }

  async listDeadLetters(call: StaffApiCall): Promise<StaffApiResult> {
    const limit = valid(parseLimitQuery(call.query, LIST_LIMITS.deadLetters));
    return ok({ deadLetters: await this.deps.deadLetters.list(limit) });
  }

  async openApi(): Promise<StaffApiResult> {
    return ok(this.deps.document);
  }

  private async pushRequest(call: StaffApiCall): Promise<PushRequest> {
    return valid(parsePushRequest(await call.body(), this.deps.catalogue));
  }

  private async start(actor: string, { filter, message, options }: PushRequest): Promise<PushJob> {
    try {
      return await this.deps.desk.startPush(actor, filter, message, options);
    } catch (err) {
      if (!(err instanceof LineQuotaExceededError)) throw err;
      throw new StaffApiError(409, 'line_quota_exceeded', [], {}, err.quota);
    }
  }
}

function valid<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new StaffApiError(400, 'invalid_request', parsed.problems);
  return parsed.value;
}

function ok(body: unknown): StaffApiResult {
  return { status: 200, body };
}

function accepted(job: PushJob, headers: Record<string, string> = {}): StaffApiResult {
  return { status: 202, body: job, headers: { Location: pushLocation(job.pushId), ...headers } };
}
