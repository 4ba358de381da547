import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** `public/auth` at the project's root, whether running from src/ or dist/src/. */
export const PUBLIC_AUTH_DIR = ((): string => {
  const root = resolve(__dirname, '..', '..');
  return join(basename(root) === 'dist' ? dirname(root) : root, 'public', 'auth');
})();

const TYPES = {
  'login.css': 'text/css; charset=utf-8',
  'login.js': 'text/javascript; charset=utf-8',
} as const;

export type LoginAssetName = keyof typeof TYPES;

/** The login page's style and script, read once at start-up and served under `/auth/static/`. */
export function loadLoginAssets(
  dir = PUBLIC_AUTH_DIR,
): Record<LoginAssetName, { content: string; contentType: string }> {
  const entries = (Object.keys(TYPES) as LoginAssetName[]).map((name) => [
    name,
    { content: readFileSync(join(dir, name), 'utf8'), contentType: TYPES[name] },
  ]);
  return Object.fromEntries(entries) as Record<
    LoginAssetName,
    { content: string; contentType: string }
  >;
}
