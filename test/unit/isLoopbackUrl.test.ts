import { isLoopbackUrl } from '../../src/channels/teams/isLoopbackUrl';

describe('isLoopbackUrl', () => {
  it.each([
    'http://localhost:3978',
    'http://localhost:3978/',
    'http://127.0.0.1:50123/',
    'https://127.0.0.1/',
    'http://127.255.255.254:8080/path/',
    'http://[::1]:3978/',
  ])('accepts %s', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each([
    // Another machine, named plainly or behind a loopback-looking prefix.
    'http://example.invalid/',
    'http://127.0.0.1.evil.example/',
    'http://127.0.0.1%2eevil.example/',
    'http://localhost.evil.example/',
    'http://evil.localhost/',
    'http://localhost./',
    // User info: the host is what follows the @ (and no connector URL carries credentials).
    'http://localhost@evil.example/',
    'http://127.0.0.1:80@evil.example/',
    'http://user:pass@127.0.0.1/',
    // Spellings other parsers may read differently: refused rather than interpreted.
    'http://localhost\\@evil.example/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://LOCALHOST/',
    'http://127。0。0。1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    ' http://127.0.0.1/',
    'http://127.0.0.1/\n',
    // Addresses that reach this machine without being loopback.
    'http://0.0.0.0/',
    'http://0/',
    'http://[::]/',
    'http://192.0.2.2/',
    'http://[fd00::2]/',
    // Not an http(s) URL of a connector.
    'ftp://127.0.0.1/',
    'file:///etc/passwd',
    'ws://127.0.0.1/',
    'http://127.0.0.1/?next=http://evil.example/',
    'http://127.0.0.1/#x',
    '//127.0.0.1/',
    '127.0.0.1',
    '',
    `http://127.0.0.1/${'a'.repeat(3000)}`,
  ])('refuses %j', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });

  it.each([undefined, null, 42, {}, ['http://127.0.0.1/']])('refuses the non-text %j', (value) => {
    expect(isLoopbackUrl(value)).toBe(false);
  });
});
