import { Writable } from 'node:stream';
import { createLogger } from '../../src/platform/logger';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    level,
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  return { logger, lines };
}

describe('the logger', () => {
  it('replaces secret fields at info and above, one level deep, whoever logs them', () => {
    const { logger, lines } = capture();
    const fields = {
      orderId: 'O1',
      reference: '1234567890123',
      reservationNumber: 'L3QP5ZYC',
      link: 'https://bot.example/auth/email/confirm?token=abc',
      nested: { token: 'secret-token', status: 200 },
    };
    logger.info(fields, 'info line');
    logger.error(fields, 'error line');
    logger.debug(fields, 'debug line');
    for (const line of lines.slice(0, 2)) {
      expect(line).toMatchObject({
        orderId: 'O1',
        reference: '[redacted]',
        reservationNumber: '[redacted]',
        link: '[redacted]',
        nested: { token: '[redacted]', status: 200 },
      });
    }
    // A developer's debug line keeps them; the caller's object is not changed.
    expect(lines[2]).toMatchObject(fields);
    expect(fields.reference).toBe('1234567890123');
  });

  it('logs only the safe fields of an error: a Redis command’s arguments stay out', () => {
    const { logger, lines } = capture('info');
    const err = Object.assign(new Error('ERR wrong number of arguments'), {
      name: 'ReplyError',
      code: 'ERR',
      command: { name: 'set', args: ['certbot:order:O1', '{"reservation":"L3QP5ZYC"}'] },
      cause: Object.assign(new Error('inner'), { args: ['taro@example.ac.jp'] }),
    });
    logger.error({ err }, 'redis failed');
    const text = JSON.stringify(lines);
    expect(lines[0].err).toMatchObject({
      message: expect.stringMatching(/^ERR wrong number of arguments/),
      code: 'ERR',
    });
    expect(text).not.toContain('L3QP5ZYC');
    expect(text).not.toContain('taro@example.ac.jp');
    expect(text).toContain('inner');
  });

  it('still censors message text, addresses and passwords at every level', () => {
    const { logger, lines } = capture();
    logger.debug({ text: 'hello', email: 'a@b.jp', password: 'pw' }, 'fields');
    expect(lines[0]).toMatchObject({
      text: '[redacted]',
      email: '[redacted]',
      password: '[redacted]',
    });
  });
});
