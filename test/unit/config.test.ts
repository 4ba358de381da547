import { loadConfig } from '../../src/config/config';
import { ConfigError } from '../../src/platform/errors';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.publicUrl).toBe('http://localhost:3978');
    expect(config.redis).toBeUndefined();
    expect(config.line).toBeUndefined();
    expect(config.mail).toEqual(
      expect.objectContaining({ smtpUrl: undefined, outboxDir: 'var/outbox' }),
    );
    expect(config.manualUrl).toBe('http://localhost:3978/manual');
  });

  it('derives the public URL from PORT and drops a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.ac.jp/' }).publicUrl).toBe(
      'https://bot.example.ac.jp',
    );
  });

  it('reads the LINE settings with their documented defaults', () => {
    const { line } = loadConfig({ LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' });
    expect(line).toEqual(
      expect.objectContaining({
        apiBaseUrl: 'https://api.line.me',
        accountLinkUrl: 'https://access.line.me/dialog/bot/accountLink',
      }),
    );
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'bot.example.ac.jp' }, 'PUBLIC_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'http://localhost:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://localhost', REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX'],
    [{ LINE_CHANNEL_SECRET: 'secret' }, 'LINE_CHANNEL_ACCESS_TOKEN'],
    [{ LINE_CHANNEL_ACCESS_TOKEN: 'token' }, 'LINE_CHANNEL_SECRET'],
    [
      { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't', LINE_API_BASE_URL: 'ftp://x' },
      'LINE_API_BASE_URL',
    ],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ NOTIFY_EVERY_CHANNEL: 'yes please' }, 'NOTIFY_EVERY_CHANNEL'],
    [{ PAYPAL_CLIENT_ID: 'id' }, 'PAYPAL_CLIENT_SECRET'],
  ])('refuses %p naming %s in one sentence', (env, variable) => {
    const error = errorOf(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(variable)).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message.trim().endsWith('.')).toBe(true);
  });
});
