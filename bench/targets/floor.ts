import { createHmac, timingSafeEqual } from 'node:crypto';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import restify, { type Request, type Response } from 'restify';
import { serveTarget } from '../serveTarget';
import type { TargetOptions } from '../targetProcess';

/** The state one turn reads and writes back: 1 KB, as a small conversation state is. */
const STATE = 'x'.repeat(1024);

/**
 * The floor: a server of the same shape as a LINE turn and nothing more. restify, the
 * HMAC-SHA256 signature checked on the raw body, 200 to LINE, then per event one Redis GET and
 * one SET of 1 KB and one reply POST to the LINE API (keep-alive). What no LINE turn can beat
 * on this machine.
 */
async function startFloor(options: TargetOptions) {
  const redis = new Redis(options.redisUrl);
  const agent = new Agent({ keepAlive: true });
  const replyUrl = new URL('/v2/bot/message/reply', options.lineApiBaseUrl);
  const secret = options.lineChannelSecret;

  const reply = (replyToken: string, text: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ replyToken, messages: [{ type: 'text', text }] });
      const req = request(
        replyUrl,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${options.lineAccessToken}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`reply ${res.statusCode}`)),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const turn = async (event: LineTextEvent): Promise<void> => {
    const key = `${options.redisPrefix}state:${event.source.userId}`;
    await redis.get(key);
    await redis.set(key, STATE);
    await reply(event.replyToken, event.message.text);
  };

  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/api/line', (req: Request, res: Response, next) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = createHmac('sha256', secret).update(raw).digest();
      const given = Buffer.from(String(req.headers['x-line-signature'] ?? ''), 'base64');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.send(401);
        next();
        return;
      }
      const { events } = JSON.parse(raw.toString('utf8')) as { events: LineTextEvent[] };
      res.send(200, {});
      next();
      for (const event of events)
        turn(event).catch((err: unknown) => process.emitWarning(String(err)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
      redis.disconnect();
    },
  };
}

interface LineTextEvent {
  replyToken: string;
  source: { userId: string };
  message: { text: string };
}

serveTarget(startFloor);
