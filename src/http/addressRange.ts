import { parseIpAddress, type IpAddress } from './ipAddress';

/** A block of addresses: one address is a block of prefix 32 (IPv4) or 128 (IPv6). */
export interface AddressRange extends IpAddress {
  prefix: number;
}

const PREFIX = /^\d{1,3}$/;

/**
 * Reads `address` or `address/prefix` (CIDR), or undefined when it is neither. An IPv4-mapped
 * IPv6 block of prefix 96 or more becomes the IPv4 block it stands for, so that it matches the
 * IPv4 form {@link parseIpAddress} gives mapped peers.
 */
export function parseAddressRange(text: string): AddressRange | undefined {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIpAddress(addressText);
  if (!ip) return undefined;
  const mappedIpv4 = ip.family === 'ipv4' && addressText.includes(':');
  const bits = mappedIpv4 || ip.family === 'ipv6' ? 128 : 32;
  if (prefixText === undefined) return { ...ip, prefix: ip.family === 'ipv4' ? 32 : 128 };
  if (!PREFIX.test(prefixText) || Number(prefixText) > bits) return undefined;
  const prefix = Number(prefixText);
  if (!mappedIpv4) return { ...ip, prefix };
  // ::ffff:a.b.c.d/104 is a.b.c.d/8; a shorter prefix reaches beyond the mapped addresses.
  return prefix >= 96 ? { ...ip, prefix: prefix - 96 } : undefined;
}
