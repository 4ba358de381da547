/**
 * Where to send a student who has just logged in to the university, to finish LINE's
 * account-link flow: LINE then sends an `accountLink` event carrying the same nonce.
 * `accountLinkUrl` is config `line.accountLinkUrl`; the link token comes from
 * `LineClient.issueLinkToken`.
 */
export function lineAccountLinkUrl(
  accountLinkUrl: string,
  linkToken: string,
  nonce: string,
): string {
  const url = new URL(accountLinkUrl);
  url.searchParams.set('linkToken', linkToken);
  url.searchParams.set('nonce', nonce);
  return url.toString();
}
