import type { IncomingMessage } from 'node:http';
import { FormBodyError } from './formBodyError';

/**
 * Reads a small `application/x-www-form-urlencoded` body (what an HTML form posts). Throws
 * {@link FormBodyError} for another content type, a body over `limitBytes` or a broken stream.
 */
export async function readFormBody(
  req: IncomingMessage,
  limitBytes: number,
): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new FormBodyError(415, 'unsupported_media_type');
  }
  if (Number(req.headers['content-length'] ?? 0) > limitBytes) {
    throw new FormBodyError(413, 'body_too_large');
  }
  const raw = await collect(req, limitBytes);
  return new URLSearchParams(raw.toString('utf8'));
}

function collect(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onBroken);
      req.off('close', onBroken);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        done();
        req.pause();
        reject(new FormBodyError(413, 'body_too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onBroken = (): void => {
      done();
      reject(new FormBodyError(400, 'invalid_body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('close', onBroken);
  });
}
