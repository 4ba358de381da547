import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A load balancer in front of several service instances, as a test sees it. */
export interface RoundRobinProxy {
  /** The one base URL students, LINE and browsers use (`PUBLIC_URL` of every instance). */
  url: string;
  /** How many requests each instance got, in the order of `targets`. */
  served: number[];
  close(): Promise<void>;
}

/**
 * Sends each request to the next of `targets` in turn (bodies and answers streamed through,
 * long polls included), so that one journey's consecutive steps land on different instances:
 * whatever an instance keeps to itself instead of in Redis shows up as a failed step.
 * `targets` is read on each request, so instances may be added after the proxy has started.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  const served: number[] = [];
  let next = 0;
  const server = createServer((incoming, answer) => {
    const index = next++ % targets.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(incoming.url ?? '/', targets[index]);
    const forwarded = request(
      target,
      // No keep-alive agent: closing the proxy leaves no socket to an instance open.
      { method: incoming.method, headers: incoming.headers, agent: false },
      (response) => {
        answer.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(answer);
      },
    );
    forwarded.on('error', () => {
      if (!answer.headersSent) answer.writeHead(502);
      answer.end();
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
