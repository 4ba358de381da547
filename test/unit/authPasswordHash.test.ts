import { InvalidPasswordHashError } from '../../src/auth/errors';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  parsePasswordHash,
  unmatchablePasswordHash,
  verifyPassword,
} from '../../src/auth/passwordHash';

/** Cheap parameters: these tests are about the format and the comparison, not the cost. */
const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  test('hashes to scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse', FAST);
    const b = await hashPassword('correct horse', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(b).not.toBe(a);
    const parsed = parsePasswordHash(a);
    expect(parsed.params).toEqual(FAST);
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.hash).toHaveLength(32);
  });

  test('uses the default cost unless told otherwise', async () => {
    const hash = await hashPassword('x');
    expect(parsePasswordHash(hash).params).toEqual(DEFAULT_SCRYPT);
  });

  test('verifies the right password and refuses any other', async () => {
    const stored = parsePasswordHash(await hashPassword('パスワード demo', FAST));
    expect(await verifyPassword('パスワード demo', stored)).toBe(true);
    expect(await verifyPassword('パスワード demo ', stored)).toBe(false);
    expect(await verifyPassword('パスワード Demo', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  test('an unmatchable hash keeps the cost and shape of its model but matches nothing', async () => {
    const model = parsePasswordHash(await hashPassword('secret', FAST));
    const decoy = unmatchablePasswordHash(model);
    expect(decoy.params).toEqual(model.params);
    expect(decoy.salt).toHaveLength(model.salt.length);
    expect(decoy.hash).toHaveLength(model.hash.length);
    expect(await verifyPassword('secret', decoy)).toBe(false);
  });

  const salt = Buffer.alloc(16, 1).toString('base64');
  const hash = Buffer.alloc(32, 2).toString('base64');
  test.each([
    ['empty', ''],
    ['another algorithm', `bcrypt$1024$8$1$${salt}$${hash}`],
    ['too few parts', `scrypt$1024$8$${salt}$${hash}`],
    ['N not a power of two', `scrypt$1000$8$1$${salt}$${hash}`],
    ['N too small', `scrypt$512$8$1$${salt}$${hash}`],
    ['N not a number', `scrypt$abc$8$1$${salt}$${hash}`],
    ['r zero', `scrypt$1024$0$1$${salt}$${hash}`],
    ['p too large', `scrypt$1024$8$99$${salt}$${hash}`],
    ['too much memory', `scrypt$1048576$32$1$${salt}$${hash}`],
    ['salt not base64', `scrypt$1024$8$1$not base64!$${hash}`],
    ['salt too short', `scrypt$1024$8$1$${Buffer.alloc(8).toString('base64')}$${hash}`],
    ['hash too short', `scrypt$1024$8$1$${salt}$${Buffer.alloc(8).toString('base64')}`],
  ])('refuses a malformed hash: %s', (_case, encoded) => {
    expect(() => parsePasswordHash(encoded)).toThrow(InvalidPasswordHashError);
  });

  test('refuses to hash with parameters a directory could not load', async () => {
    await expect(hashPassword('x', { N: 1000, r: 8, p: 1 })).rejects.toThrow(
      InvalidPasswordHashError,
    );
  });
});
