import http from 'node:http';
import https from 'node:https';
import { LineApiError, lineMessageOf, retryAfterMsOf, type LineEndpoint } from './errors';

/** The longest error body read from LINE (its errors are a few hundred bytes of JSON). */
const MAX_ERROR_BODY_BYTES = 16 * 1024;

/**
 * The JSON POSTs of a turn's answer (reply, push, multicast, loading animation) over one
 * keep-alive agent of `node:http(s)`: the SDK's `fetch` (undici, with its web streams and
 * `Response` objects) cost about a tenth of a LINE turn's CPU in issue 17's profile. The other,
 * rare calls (profile, link token, rich menus, quota) stay on the SDK.
 *
 * Every failure is a {@link LineApiError}, as the SDK path's: the status and LINE's `message`
 * for an HTTP answer, none for a network error or a call unanswered within its timeout.
 */
export class LineHttpPoster {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly base: URL;
  private readonly basePath: string;

  constructor(
    apiBaseUrl: string,
    private readonly channelAccessToken: string,
    /** Sockets kept to LINE; more wait for one (LINE's own limit is far above). */
    maxSockets = 100,
  ) {
    this.base = new URL(apiBaseUrl);
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:') {
      throw new TypeError(`The LINE API base URL must be http(s), not ${this.base.protocol}`);
    }
    const secure = this.base.protocol === 'https:';
    const options = { keepAlive: true, maxSockets, scheduling: 'lifo' as const };
    this.agent = secure ? new https.Agent(options) : new http.Agent(options);
    this.request = secure ? https.request : http.request;
    this.basePath = this.base.pathname.replace(/\/+$/, '');
  }

  /** POSTs `body` as JSON to `path` (e.g. `/v2/bot/message/reply`); resolves on a 2xx. */
  post(
    endpoint: LineEndpoint,
    path: string,
    body: unknown,
    timeoutMs: number,
    retryKey?: string,
  ): Promise<void> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: LineApiError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      // No HTTP answer (refused, reset, cut off): it may or may not have reached LINE.
      const unanswered = (cause: Error) =>
        settle(new LineApiError(endpoint, undefined, undefined, { cause }));
      const req = this.request({
        agent: this.agent,
        protocol: this.base.protocol,
        hostname: this.base.hostname,
        port: this.base.port,
        method: 'POST',
        path: `${this.basePath}${path}`,
        headers: {
          authorization: `Bearer ${this.channelAccessToken}`,
          'content-type': 'application/json',
          'content-length': payload.length,
          ...(retryKey === undefined ? {} : { 'x-line-retry-key': retryKey }),
        },
      });
      // Past the timeout the call counts as unanswered, whatever LINE does with it later.
      const timer = setTimeout(() => {
        settle(new LineApiError(endpoint, undefined, `no answer in ${timeoutMs} ms`));
        req.destroy();
      }, timeoutMs);
      req.on('error', unanswered);
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          // The answer's body (sent message ids) is not used: drained so the socket is reused.
          res.resume();
          res.on('end', () => settle());
          res.on('error', unanswered);
          return;
        }
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          if (length < MAX_ERROR_BODY_BYTES) chunks.push(chunk);
          length += chunk.length;
        });
        res.on('error', unanswered);
        res.on('end', () => {
          const text = Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
          const retryAfter = res.headers['retry-after'];
          settle(
            new LineApiError(endpoint, status, lineMessageOf(text), {
              retryAfterMs: retryAfterMsOf(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter),
            }),
          );
        });
      });
      req.end(payload);
    });
  }
}
