import { Agent, request } from 'node:http';

/**
 * POSTs JSON over node:http with one keep-alive agent: the load generator shares the machine's
 * two cores with the target, so it uses the cheapest client (fetch's web streams cost more).
 */
export class HttpPoster {
  private readonly agent = new Agent({ keepAlive: true });

  /** Resolves with the status once the whole answer has been read. */
  post(url: string, body: string, headers: Record<string, string> = {}): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
