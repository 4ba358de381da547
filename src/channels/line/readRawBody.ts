import { BodyTooLargeError } from './errors';
import type { IncomingMessage } from 'node:http';
import { readBody } from '../../http/requestBody';
import { RequestBodyError } from '../../http/errors';

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

  return readBody(req, limitBytes).catch((err: unknown) => {
    throw err instanceof RequestBodyError && err.status === 413
      ? new BodyTooLargeError(limitBytes)
      : err;
  });
}

function checked(body: Buffer, limitBytes: number): Promise<Buffer> {
  return body.length > limitBytes
    ? Promise.reject(new BodyTooLargeError(limitBytes))
    : Promise.resolve(body);
}
