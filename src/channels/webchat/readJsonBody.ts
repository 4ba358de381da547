import type { IncomingMessage } from 'node:http';
import { readBody } from '../../http/requestBody';
import { RequestBodyError } from '../../http/errors';
import { WebChatRequestError } from './errors';

export interface ReadJsonBodyOptions {
  limitBytes: number;
  /** An empty body without a content type is then read as `undefined` instead of refused. */
  optional?: boolean;
}

/**
 * Reads a small JSON request body. Refuses (with {@link WebChatRequestError}) another content
 * type (415), a body over the limit (413; the connection is then closed rather than drained)
 * and malformed JSON (400).
 */
export async function readJsonBody(
  req: IncomingMessage,
  options: ReadJsonBodyOptions,
): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const declared = Number(req.headers['content-length'] ?? NaN);
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!type && !hasBody && options.optional) return undefined;
  if (type !== 'application/json') {
    throw new WebChatRequestError(415, 'unsupported_media_type');
  }
  if (declared > options.limitBytes) throw tooLarge();
  const raw = await collect(req, options.limitBytes);
  if (raw.length === 0) {
    if (options.optional) return undefined;
    throw new WebChatRequestError(400, 'invalid_body');
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new WebChatRequestError(400, 'bad_json');
  }
}

function tooLarge(): WebChatRequestError {
  return new WebChatRequestError(413, 'body_too_large', { Connection: 'close' });
}

async function collect(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  try {
    return await readBody(req, limitBytes);
  } catch (err) {
    if (err instanceof RequestBodyError && err.status === 413) throw tooLarge();
    if (err instanceof RequestBodyError) throw new WebChatRequestError(400, 'invalid_body');
    throw err;
  }
}
