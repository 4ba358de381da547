import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CsrfCookie } from '../../src/auth/csrfCookie';
import { parsePasswordHash, verifyPassword } from '../../src/auth/passwordHash';
import { isRandomToken, randomToken, tokenHash } from '../../src/auth/randomToken';
import { normalizeStudentId, StudentIdTagger } from '../../src/auth/studentId';

const ROOT = join(__dirname, '..', '..');

describe('student IDs', () => {
  test('are normalized: full-width folded, trimmed, lower case', () => {
    expect(normalizeStudentId(' Ａ０１２３４５６　')).toBe('a0123456');
    expect(normalizeStudentId('B0654321')).toBe('b0654321');
    expect(normalizeStudentId('   ')).toBe('');
  });

  test('are tagged for logs without the ID, stably per key, differently across keys', () => {
    const tagger = new StudentIdTagger('key one');
    const tag = tagger.tag('a0123456');
    expect(tag).toMatch(/^[0-9a-f]{16}$/);
    expect(tag).not.toContain('0123456');
    expect(tagger.tag(' A0123456')).toBe(tag);
    expect(new StudentIdTagger('key two').tag('a0123456')).not.toBe(tag);
    expect(new StudentIdTagger().tag('a0123456')).not.toBe(new StudentIdTagger().tag('a0123456'));
  });
});

describe('random tokens', () => {
  test('carry 256 bits in 43 base64url characters and are recognised by shape only', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(a);
    expect(isRandomToken(a)).toBe(true);
    expect(isRandomToken(`${a}x`)).toBe(false);
    expect(isRandomToken('../../etc/passwd')).toBe(false);
    expect(isRandomToken(undefined)).toBe(false);
    expect(tokenHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(a)).not.toContain(a);
  });
});

describe('the CSRF cookie', () => {
  test('is HttpOnly and SameSite=Strict, and Secure with the __Host- prefix over HTTPS', () => {
    const plain = new CsrfCookie(false).tokenFor(undefined);
    expect(plain.setCookie).toBe(
      `certbot_login_csrf=${plain.token}; Path=/auth; Max-Age=3600; HttpOnly; SameSite=Strict`,
    );
    const secure = new CsrfCookie(true).tokenFor(undefined);
    expect(secure.setCookie).toBe(
      `__Host-certbot_login_csrf=${secure.token}; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict; Secure`,
    );
  });

  test('keeps a token the browser already has, and replaces a malformed one', () => {
    const csrf = new CsrfCookie(false);
    const { token } = csrf.tokenFor(undefined);
    expect(csrf.tokenFor(`other=1; certbot_login_csrf=${token}`)).toEqual({ token });
    const replaced = csrf.tokenFor('certbot_login_csrf=short');
    expect(replaced.token).not.toBe('short');
    expect(replaced.setCookie).toBeDefined();
  });

  test('matches only when cookie and field carry the same token', () => {
    const csrf = new CsrfCookie(false);
    const { token } = csrf.tokenFor(undefined);
    const cookie = `certbot_login_csrf=${token}`;
    expect(csrf.matches(cookie, token)).toBe(true);
    expect(csrf.matches(cookie, randomToken())).toBe(false);
    expect(csrf.matches(undefined, token)).toBe(false);
    expect(csrf.matches(cookie, undefined)).toBe(false);
    expect(csrf.matches(cookie, '')).toBe(false);
    expect(csrf.matches(`__Host-certbot_login_csrf=${token}`, token)).toBe(false);
  });
});

describe('scripts/hash-password.ts', () => {
  const run = (input: string) =>
    spawnSync(process.execPath, ['-r', './scripts/tsRegister.js', 'scripts/hash-password.ts'], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
    });

  test('prints a hash of the password read from standard input', async () => {
    const result = run('a new password\n');
    expect(result.status).toBe(0);
    const printed = result.stdout.trim();
    expect(printed).not.toContain('a new password');
    const stored = parsePasswordHash(printed);
    expect(await verifyPassword('a new password', stored)).toBe(true);
  });

  test('refuses an empty password', () => {
    const result = run('');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
  });
});
