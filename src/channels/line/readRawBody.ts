import type { IncomingMessage } from 'node:http';

/** A request body over the allowed size; answered 413. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';

  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
  }
}

/**
 * The request body exactly as sent, which a signature must be checked against (a re-serialised
 * JSON body would not match). Stops reading past `limitBytes` and discards the rest, so an
 * oversized upload costs no memory. Also accepts a body a body parser already read, if it kept
 * the raw text (restify's JSON parser does, as `rawBody`).
 */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const parsed = (req as { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(parsed)) return checked(parsed, limitBytes);
  if (typeof parsed === 'string') return checked(Buffer.from(parsed, 'utf8'), limitBytes);

  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(limitBytes));
  }
  // Consumed by someone else without keeping it: nothing to read, and 'end' will not come.
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

function checked(body: Buffer, limitBytes: number): Promise<Buffer> {
  return body.length > limitBytes
    ? Promise.reject(new BodyTooLargeError(limitBytes))
    : Promise.resolve(body);
}
