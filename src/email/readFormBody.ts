import type { IncomingMessage } from 'node:http';

/** Why a form post could not be read; each is the client's mistake, answered with a page. */
export class FormBodyError extends Error {
  override readonly name = 'FormBodyError';

  constructor(
    readonly status: 400 | 413 | 415,
    readonly code: 'unreadable' | 'too_large' | 'not_a_form',
  ) {
    super(`The form post was refused (${code}).`);
  }
}

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `limitBytes`. The routes have no
 * global body parser (LINE needs raw bodies), so each form reads its own, and an oversized
 * upload is dropped unread instead of buffered.
 */
export function readFormBody(req: IncomingMessage, limitBytes: number): Promise<URLSearchParams> {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    return Promise.reject(new FormBodyError(415, 'not_a_form'));
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) {
    req.resume();
    return Promise.reject(new FormBodyError(413, 'too_large'));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        req.resume();
        reject(new FormBodyError(413, 'too_large'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    };
    const onError = (): void => {
      cleanup();
      reject(new FormBodyError(400, 'unreadable'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
