import Redis from 'ioredis';
import { isStateUnreachableError } from '../../src/storage/errors';

describe('isStateUnreachableError', () => {
  it('recognises what ioredis rejects a command with when Redis cannot be reached', async () => {
    // A port nothing listens on, no retries: the command fails the way an outage fails it.
    const redis = new Redis('redis://127.0.0.1:9/0', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const failure = await redis.get('key').then(
      () => undefined,
      (err: unknown) => err,
    );
    redis.disconnect();
    expect(failure).toBeInstanceOf(Error);
    expect(isStateUnreachableError(failure)).toBe(true);
  });

  it('looks through the causes of a wrapping error', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), {
      code: 'ECONNREFUSED',
    });
    expect(isStateUnreachableError(new Error('could not save', { cause: outage }))).toBe(true);
    expect(isStateUnreachableError(new Error('Connection is closed.'))).toBe(true);
  });

  it('is false for errors that running the turn again would not cure', () => {
    const replyError = Object.assign(new Error('WRONGTYPE Operation against a key'), {
      name: 'ReplyError',
    });
    expect(isStateUnreachableError(replyError)).toBe(false);
    expect(isStateUnreachableError(new TypeError('x is undefined'))).toBe(false);
    expect(isStateUnreachableError('Connection is closed.')).toBe(false);
    expect(isStateUnreachableError(undefined)).toBe(false);
  });
});
