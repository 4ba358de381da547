import { loadConfig } from '../../src/config/config';
import { ConfigError } from '../../src/platform/errors';
import { parseAddressRange } from '../../src/http/addressRange';
import {
  clientAddressResolver,
  UNKNOWN_ADDRESS,
  type AddressedRequest,
} from '../../src/http/clientAddress';
import { parseIpAddress } from '../../src/http/ipAddress';

/** A request from `peer`, with these headers (as Node gives them: lower-case names). */
const request = (peer: string | undefined, forwardedFor?: string | string[]): AddressedRequest => ({
  socket: { remoteAddress: peer },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor as string },
});

const resolverOf = (trusted: string): ReturnType<typeof clientAddressResolver> =>
  clientAddressResolver(loadConfig({ TRUSTED_PROXIES: trusted }).trustedProxies);

describe('IP addresses', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', 'ipv4'],
    ['::ffff:127.0.0.1', '127.0.0.1', 'ipv4'],
    ['::FFFF:7F00:1', '127.0.0.1', 'ipv4'],
    ['0:0:0:0:0:ffff:c000:0207', '192.0.2.7', 'ipv4'],
    ['2001:DB8:0:0::1', '2001:db8::1', 'ipv6'],
    ['fe80::1%eth0', 'fe80::1', 'ipv6'],
    ['::1', '::1', 'ipv6'],
  ])('reads %s as %s', (text, address, family) => {
    expect(parseIpAddress(text)).toEqual({ address, family });
  });

  it.each(['', 'unknown', '1.2.3', '1.2.3.04', '256.1.1.1', ' 1.2.3.4', '1.2.3.4:80'])(
    'refuses %j',
    (text) => {
      expect(parseIpAddress(text)).toBeUndefined();
    },
  );

  it('refuses a long text without parsing it', () => {
    expect(parseIpAddress(`::${'0:'.repeat(5_000)}1`)).toBeUndefined();
  });
});

describe('address ranges (TRUSTED_PROXIES entries)', () => {
  it.each([
    ['10.0.0.1', { address: '10.0.0.1', family: 'ipv4', prefix: 32 }],
    ['10.0.0.0/8', { address: '10.0.0.0', family: 'ipv4', prefix: 8 }],
    [' 2001:db8::/32 ', { address: '2001:db8::', family: 'ipv6', prefix: 32 }],
    ['::1', { address: '::1', family: 'ipv6', prefix: 128 }],
    ['::ffff:10.0.0.0/104', { address: '10.0.0.0', family: 'ipv4', prefix: 8 }],
    ['::ffff:127.0.0.1', { address: '127.0.0.1', family: 'ipv4', prefix: 32 }],
  ])('reads %j', (text, range) => {
    expect(parseAddressRange(text)).toEqual(range);
  });

  it.each([
    '10.0.0.0/33',
    '2001:db8::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    'proxy.example',
    '*',
    '::ffff:0:0/95',
  ])('refuses %j', (text) => {
    expect(parseAddressRange(text)).toBeUndefined();
  });

  it('TRUSTED_PROXIES is read once into ranges, empty by default', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, ::1,' }).trustedProxies).toEqual([
      { address: '10.0.0.0', family: 'ipv4', prefix: 8 },
      { address: '::1', family: 'ipv6', prefix: 128 },
    ]);
  });

  it('a bad entry stops start-up with one sentence naming TRUSTED_PROXIES and the entry', () => {
    let error: unknown;
    try {
      loadConfig({ TRUSTED_PROXIES: '10.0.0.1, lb.example.ac.jp' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('TRUSTED_PROXIES');
    expect((error as ConfigError).message).toBe(
      'TRUSTED_PROXIES must be a comma-separated list of IP addresses and CIDR blocks (e.g. 10.0.0.0/8, ::1), not "lb.example.ac.jp".',
    );
  });
});

describe('the client address of a request', () => {
  it('without trusted proxies is the peer, whatever X-Forwarded-For says', () => {
    const resolve = clientAddressResolver([]);
    expect(resolve(request('203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('203.0.113.7', '198.51.100.9'))).toBe('203.0.113.7');
    expect(resolve(request('127.0.0.1', '198.51.100.9, 10.0.0.1'))).toBe('127.0.0.1');
  });

  it('ignores the header sent by an untrusted peer (a spoof straight to the service)', () => {
    const resolve = resolverOf('10.0.0.0/8');
    expect(resolve(request('203.0.113.7', '198.51.100.9'))).toBe('203.0.113.7');
    expect(resolve(request('::ffff:203.0.113.7', '10.0.0.2'))).toBe('203.0.113.7');
  });

  it('behind a trusted proxy is the right-most entry, not what the client wrote to its left', () => {
    const resolve = resolverOf('10.0.0.1');
    expect(resolve(request('10.0.0.1', '198.51.100.9'))).toBe('198.51.100.9');
    // The client sent "X-Forwarded-For: 192.0.2.1"; the proxy appended the address it saw.
    expect(resolve(request('10.0.0.1', '192.0.2.1, 198.51.100.9'))).toBe('198.51.100.9');
  });

  it('walks a chain of trusted proxies from the right to the first untrusted address', () => {
    const resolve = resolverOf('10.0.0.0/8, 2001:db8:ffff::/48');
    expect(resolve(request('10.0.0.1', '192.0.2.1, 198.51.100.9, 10.1.1.1, 10.2.2.2'))).toBe(
      '198.51.100.9',
    );
    expect(
      resolve(request('2001:db8:ffff::1', '2001:db8:1::7, [2001:db8:ffff::2]:443, 10.0.0.9')),
    ).toBe('2001:db8:1::7');
    // Repeated headers, joined by Node or given as an array, are one list.
    expect(resolve(request('10.0.0.1', ['192.0.2.1', '198.51.100.9, 10.0.0.2']))).toBe(
      '198.51.100.9',
    );
  });

  it('matches IPv4-mapped peers and entries against IPv4 ranges, and keys them as IPv4', () => {
    const resolve = resolverOf('127.0.0.1');
    expect(resolve(request('::ffff:127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('::ffff:127.0.0.1', '::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('::ffff:127.0.0.1'))).toBe('127.0.0.1');
    expect(resolverOf('::ffff:127.0.0.1')(request('127.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
  });

  it('matches CIDR blocks of both families', () => {
    const resolve = resolverOf('172.16.0.0/12, fd00::/8');
    expect(resolve(request('172.31.255.254', '198.51.100.9'))).toBe('198.51.100.9');
    expect(resolve(request('172.32.0.1', '198.51.100.9'))).toBe('172.32.0.1');
    expect(resolve(request('fd12:3456::1', '2001:DB8::0:7'))).toBe('2001:db8::7');
    expect(resolve(request('fe80::1', '198.51.100.9'))).toBe('fe80::1');
  });

  it('reads entries with ports, brackets and quotes', () => {
    const resolve = resolverOf('10.0.0.1');
    expect(resolve(request('10.0.0.1', '198.51.100.9:52311'))).toBe('198.51.100.9');
    expect(resolve(request('10.0.0.1', '[2001:db8::7]:443'))).toBe('2001:db8::7');
    expect(resolve(request('10.0.0.1', '"[2001:db8::7]"'))).toBe('2001:db8::7');
  });

  it('stops at a malformed entry, on the last address a trusted proxy vouched for', () => {
    const resolve = resolverOf('10.0.0.0/8');
    for (const garbage of ['unknown', '', ' ', 'evil, ', '1.2.3.4.5', '_hidden', '<script>']) {
      expect(resolve(request('10.0.0.1', garbage))).toBe('10.0.0.1');
    }
    // Garbage left of the client never matters; garbage right of it hides nothing either.
    expect(resolve(request('10.0.0.1', 'garbage, 198.51.100.9'))).toBe('198.51.100.9');
    expect(resolve(request('10.0.0.1', '198.51.100.9, garbage, 10.0.0.2'))).toBe('10.0.0.2');
  });

  it('when every entry is a trusted proxy, is the left-most one', () => {
    const resolve = resolverOf('10.0.0.0/8');
    expect(resolve(request('10.0.0.1', '10.0.0.3, 10.0.0.2'))).toBe('10.0.0.3');
    expect(resolve(request('10.0.0.1'))).toBe('10.0.0.1');
  });

  it('bounds the work on a huge header: a few entries from the right, nothing more', () => {
    const resolve = resolverOf('10.0.0.0/8');
    const many = `${'198.51.100.1, '.repeat(50_000)}198.51.100.9`;
    expect(resolve(request('10.0.0.1', many))).toBe('198.51.100.9');
    const longChain = `192.0.2.1, ${Array.from({ length: 40 }, (_, i) => `10.0.0.${i}`).join(', ')}`;
    // More hops than any real deployment: the walk stops on a trusted proxy, never the spoof.
    expect(resolve(request('10.0.0.1', longChain))).toMatch(/^10\.0\.0\.\d+$/);
    const blob = 'x'.repeat(1_000_000);
    const started = process.hrtime.bigint();
    expect(resolve(request('10.0.0.1', blob))).toBe('10.0.0.1');
    expect(resolve(request('10.0.0.1', `${blob},198.51.100.9`))).toBe('198.51.100.9');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });

  it('is "unknown" when the peer is gone', () => {
    expect(clientAddressResolver([])(request(undefined))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddressResolver([])({ headers: {}, socket: null })).toBe(UNKNOWN_ADDRESS);
    expect(resolverOf('10.0.0.0/8')(request(undefined, '198.51.100.9'))).toBe(UNKNOWN_ADDRESS);
  });
});
