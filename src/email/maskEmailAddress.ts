/**
 * An address as a page may show it to whoever holds the link: enough for the owner to recognise
 * it (`ta***@example.ac.jp`), not enough to copy it. Short local parts keep only one character.
 */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '***';
  const local = address.slice(0, at);
  const shown = local.length > 3 ? 2 : 1;
  return `${local.slice(0, shown)}***${address.slice(at)}`;
}
