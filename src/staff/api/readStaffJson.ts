import type { IncomingMessage } from 'node:http';
import { mediaType, readBody } from '../../http/requestBody';
import { RequestBodyError } from '../../http/errors';
import { StaffApiError } from './errors';

/** A push request is a filter and two messages of at most 1,000 characters: 64 KiB is plenty. */
export const STAFF_API_BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The JSON object of a request body. Refuses another media type (415), a body over the limit
 * (413, and the connection is closed rather than drained), an unreadable or malformed body
 * (400) and JSON that is not an object (400).
 */
export async function readStaffJson(
  req: IncomingMessage,
  limitBytes = STAFF_API_BODY_LIMIT_BYTES,
): Promise<Record<string, unknown>> {
  if (mediaType(req) !== 'application/json') {
    req.resume();
    throw new StaffApiError(415, 'unsupported_media_type');
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, limitBytes);
  } catch (err) {
    if (!(err instanceof RequestBodyError)) throw err;
    if (err.status === 413) {
      throw new StaffApiError(413, 'body_too_large', [], { Connection: 'close' });
    }
    throw new StaffApiError(400, 'bad_json');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new StaffApiError(400, 'bad_json');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new StaffApiError(400, 'invalid_request', [{ field: 'body', code: 'invalid' }]);
  }
  return parsed as Record<string, unknown>;
}
