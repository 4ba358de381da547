import { RequestBodyError } from './errors';
import type { IncomingMessage } from 'node:http';

/** The media type of a request, lower-case, without parameters ("" when none). */
export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

/**
 * The body as sent, at most `limitBytes`. The routes have no global body parser (a signature
 * must be checked on the exact bytes), so each reads its own; past the limit the rest is
 * discarded unread, so an oversized upload costs no memory.
 */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(new RequestBodyError(413, 'too_large'));
  }
  // Consumed by someone else: nothing to read, and 'end' will not come.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onBroken);
      req.off('close', onBroken);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.resume();
        reject(new RequestBodyError(413, 'too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    // The client went away (or the stream broke) before the end.
    const onBroken = (): void => {
      cleanup();
      reject(new RequestBodyError(400, 'unreadable'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('close', onBroken);
  });
}

/** An `application/x-www-form-urlencoded` body (what an HTML form posts), at most `limitBytes`. */
export async function readFormBody(
  req: IncomingMessage,
  limitBytes: number,
): Promise<URLSearchParams> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw new RequestBodyError(415, 'unsupported_media_type');
  }
  return new URLSearchParams((await readBody(req, limitBytes)).toString('utf8'));
}
