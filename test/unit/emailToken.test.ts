import { createHash } from 'node:crypto';
import { hashEmailToken, isWellFormedEmailToken, newEmailToken } from '../../src/email/emailToken';
import { maskEmailAddress } from '../../src/email/maskEmailAddress';

describe('email tokens', () => {
  it('are base64url and carry at least 128 random bits', () => {
    const token = newEmailToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    expect(isWellFormedEmailToken(token)).toBe(true);
  });

  it('do not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newEmailToken));
    expect(tokens.size).toBe(1000);
  });

  it('are stored as their SHA-256, which does not contain the token', () => {
    const token = newEmailToken();
    const hash = hashEmailToken(token);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashEmailToken(token)).toBe(hash);
    expect(hashEmailToken(newEmailToken())).not.toBe(hash);
  });

  it.each([
    undefined,
    null,
    42,
    '',
    'short',
    `${newEmailToken()}x`,
    newEmailToken().slice(1),
    `${newEmailToken().slice(1)}=`,
    `${newEmailToken().slice(1)}+`,
    `${newEmailToken().slice(1)}/`,
    `<script>${'a'.repeat(35)}`,
  ])('refuses %j as a token without a look-up', (value) => {
    expect(isWellFormedEmailToken(value)).toBe(false);
  });
});

describe('maskEmailAddress', () => {
  it.each([
    ['taro.kyodai@example.ac.jp', 'ta***@example.ac.jp'],
    ['taro@example.ac.jp', 'ta***@example.ac.jp'],
    ['abc@example.jp', 'a***@example.jp'],
    ['ab@example.jp', 'a***@example.jp'],
    ['a@example.jp', 'a***@example.jp'],
    ['nonsense', '***'],
  ])('shows %s as %s', (address, masked) => {
    expect(maskEmailAddress(address)).toBe(masked);
  });
});
