import type { IncomingHttpHeaders } from 'node:http';
import { BlockList } from 'node:net';
import type { AddressRange } from './addressRange';
import { parseIpAddress, type IpAddress } from './ipAddress';

/** What a client address is read from: a request (restify's included). */
export interface AddressedRequest {
  headers: IncomingHttpHeaders;
  socket?: { remoteAddress?: string } | null;
}

/** The address of the client behind a request, as per-address limits count it. */
export type ClientAddress = (req: AddressedRequest) => string;

/** The key of a request whose peer is gone (its socket closed): all of them count as one. */
export const UNKNOWN_ADDRESS = 'unknown';

/** More proxies than this in front of the service is not a real chain: stop reading there. */
const MAX_HOPS = 16;

/** An entry longer than this is no address (the longest, bracketed with a port, is ~60). */
const MAX_ENTRY_LENGTH = 100;

const BRACKETED = /^\[([^\]]+)\](?::\d{1,5})?$/;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;

/**
 * Builds the function that says which client sent a request. It is the TCP peer, unless the peer
 * is one of the `trusted` proxies: then `X-Forwarded-For` is read from the right (each proxy
 * appends the address it saw), skipping trusted proxies, and the first address that is not one
 * is the client. Entries further left were written by the client itself and are never believed.
 * With no trusted proxy the header is ignored entirely. A malformed entry, or a chain longer than
 * {@link MAX_HOPS}, stops the walk at the last address a trusted proxy vouched for, so garbage
 * cannot make a request count under a fresh key.
 */
export function clientAddressResolver(trusted: readonly AddressRange[]): ClientAddress {
  const proxies = new BlockList();
  for (const range of trusted) proxies.addSubnet(range.address, range.prefix, range.family);
  const isTrusted = (ip: IpAddress) => proxies.check(ip.address, ip.family);

  return (req) => {
    const peer = parseIpAddress(req.socket?.remoteAddress ?? '');
    if (!peer) return UNKNOWN_ADDRESS;
    if (trusted.length === 0 || !isTrusted(peer)) return peer.address;
    let client = peer;
    const header = forwardedFor(req.headers['x-forwarded-for']);
    let end = header.length;
    for (let hop = 0; hop < MAX_HOPS && end >= 0; hop++) {
      const start = header.lastIndexOf(',', end - 1) + 1;
      const entry = parseForwardedEntry(header.slice(start, end));
      end = start - 1;
      if (!entry) break;
      client = entry;
      if (!isTrusted(entry)) break;
    }
    return client.address;
  };
}

/** Node joins repeated headers with ", "; an array is joined the same way. */
function forwardedFor(value: string | string[] | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(',') : value;
}

/** One `X-Forwarded-For` entry: an address, maybe quoted, bracketed or with a port. */
function parseForwardedEntry(raw: string): IpAddress | undefined {
  if (raw.length > MAX_ENTRY_LENGTH) return undefined;
  let text = raw.trim();
  if (text.length > 1 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  const bracketed = BRACKETED.exec(text);
  const withPort = IPV4_WITH_PORT.exec(text);
  return parseIpAddress(bracketed?.[1] ?? withPort?.[1] ?? text);
}
