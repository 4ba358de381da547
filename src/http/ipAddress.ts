import { isIP, SocketAddress } from 'node:net';

/** An IP address in one canonical text, so that one client is always one key. */
export interface IpAddress {
  /** Dotted IPv4, or compressed lower-case IPv6 without a zone. */
  address: string;
  family: 'ipv4' | 'ipv6';
}

/** Longer than any textual IP address (45 characters plus a zone): not worth parsing. */
const MAX_TEXT_LENGTH = 64;

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/;

/**
 * Reads an IP address, or undefined for anything else. An IPv4-mapped IPv6 address
 * (`::ffff:127.0.0.1`, as a dual-stack socket reports IPv4 peers) comes back as its IPv4 form:
 * the same client must count as one, whichever socket it reached.
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (text.length > MAX_TEXT_LENGTH) return undefined;
  const version = isIP(text);
  if (version === 4) return { address: text, family: 'ipv4' };
  if (version !== 6) return undefined;
  const canonical = new SocketAddress({ address: text, family: 'ipv6' }).address;
  const mapped = MAPPED_IPV4.exec(canonical);
  return mapped ? { address: mapped[1], family: 'ipv4' } : { address: canonical, family: 'ipv6' };
}
