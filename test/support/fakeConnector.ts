import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One activity the bot sent to the connector. */
export interface ConnectorCall {
  conversationId: string;
  /** Set when the bot replied to an activity (`/activities/:activityId`). */
  replyToId?: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/**
 * A local stand-in for the Bot Framework connector service (the activity's `serviceUrl`):
 * `POST /v3/conversations/:id/activities` (send) and `.../activities/:activityId` (reply). It
 * records each body and answers with a resource id, as the real service does.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly server: Server;
  private counter = 0;

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const match = ACTIVITIES.exec(new URL(req.url ?? '/', 'http://x').pathname);
        if (req.method !== 'POST' || !match) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({ error: { code: 'NotFound', message: 'not a connector route' } }),
          );
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'invalid JSON' } }));
          return;
        }
        this.calls.push({
          conversationId: decodeURIComponent(match[1]),
          replyToId: match[2] && decodeURIComponent(match[2]),
          headers: req.headers,
          body,
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `sent-${++this.counter}` }));
      });
    });
  }

  /** Starts a connector on a free port of 127.0.0.1. */
  static async start(): Promise<FakeConnector> {
    const connector = new FakeConnector();
    await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
    return connector;
  }

  /** The `serviceUrl` activities should carry, with a trailing slash as Teams sends it. */
  get serviceUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
