const BASE = 'http://localhost';

/**
 * Where to go after logging in, from a `next` field: only a dashboard page of this site
 * (never another origin, never the login or logout itself), else the orders page.
 */
export function safeNext(raw: string | null | undefined): string {
  if (!raw || raw.length > 1000 || !raw.startsWith('/admin') || raw.includes('\\')) return '/admin';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/admin';
  }
  const path = url.pathname;
  if (url.origin !== BASE || !(path === '/admin' || path.startsWith('/admin/'))) return '/admin';
  if (path === '/admin/login' || path === '/admin/logout') return '/admin';
  return path + url.search;
}
