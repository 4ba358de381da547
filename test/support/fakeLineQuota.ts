import type { IncomingMessage, ServerResponse } from 'node:http';

/** How the quota endpoints fail: an HTTP status, a dropped connection, or no answer at all. */
export type FakeQuotaFailure = number | 'network' | 'hang';

/**
 * LINE's message-quota endpoints for {@link FakeLineApi}: `GET /v2/bot/message/quota`
 * (`{ type: 'none' }` or `{ type: 'limited', value }`) and `GET /v2/bot/message/quota/consumption`
 * (`{ totalUsage }`), with bearer-token auth. Usage is what tests set plus what the fake LINE
 * counted since (`counted`: one per recipient per message object pushed or multicast), as LINE
 * counts it.
 */
export class FakeLineQuota {
  type: 'none' | 'limited' = 'none';
  /** The month's limit while `type` is `limited`. */
  value = 0;
  /** Messages counted this month before the test's own. */
  usedBefore = 0;
  /** Makes both endpoints fail until set back to undefined. */
  failure: FakeQuotaFailure | undefined;
  /** Every quota call answered or dropped, in order (their paths). */
  readonly calls: string[] = [];

  constructor(
    private readonly accessToken: () => string,
    private readonly counted: () => number,
  ) {}

  /** A limited plan: `value` messages this month, `used` of them already counted. */
  limit(value: number, used = 0): void {
    this.type = 'limited';
    this.value = value;
    this.usedBefore = used - this.counted();
  }

  /** True when it answered the request (a quota endpoint); false leaves it to the fake. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const quota = path === '/v2/bot/message/quota';
    if (req.method !== 'GET' || (!quota && path !== '/v2/bot/message/quota/consumption')) {
      return false;
    }
    this.calls.push(path);
    if (this.failure === 'hang') return true;
    if (this.failure === 'network') {
      req.socket.destroy();
      return true;
    }
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.accessToken()}`) {
      answer(401, { message: 'Authentication failed.' });
    } else if (this.failure !== undefined) {
      answer(this.failure, { message: 'Internal server error' });
    } else if (quota) {
      answer(200, this.type === 'none' ? { type: 'none' } : { type: 'limited', value: this.value });
    } else {
      answer(200, { totalUsage: this.usedBefore + this.counted() });
    }
    return true;
  }
}
