import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

/** One request that reached the server. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A server standing for "somewhere else" that an attacker would like the service to call: it
 * listens on every interface, so it is reachable through this machine's non-loopback address
 * ({@link OutsideServer.outsideUrl}) as well as through loopback, records every request (its
 * body too) and answers each as a Bot Framework connector would (200 with an id).
 */
export class OutsideServer {
  readonly received: ReceivedRequest[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OutsideServer> {
    const outside = new OutsideServer(
      createServer((req, res) => {
        const request = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: '',
        };
        outside.received.push(request);
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => (request.body += chunk));
        req.on('end', () => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: `outside-${outside.received.length}` }));
        });
      }),
    );
    await new Promise<void>((resolve) => outside.server.listen(0, '0.0.0.0', resolve));
    return outside;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * The server through this machine's first non-loopback IPv4 address, as a service URL off
   * this machine would look; undefined on a machine with loopback only.
   */
  get outsideUrl(): string | undefined {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    return address && `http://${address}:${this.port}/`;
  }

  /** The same server through loopback: where the service may post without an app id. */
  get loopbackUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
