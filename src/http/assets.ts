import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response } from 'restify';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { SECURITY_HEADERS } from './securityHeaders';

/** A page's style, script or image, held in memory: read once at start-up. */
export interface Asset {
  content: string;
  contentType: string;
}

/** `public/<folder>` at the project's root, whether running from src/ or dist/src/. */
export function publicDir(folder: string): string {
  return join(PROJECT_ROOT, 'public', folder);
}

/** The files named in `types` (name → content type), read from `dir` now, at start-up. */
export function loadAssets<Name extends string>(
  dir: string,
  types: Readonly<Record<Name, string>>,
): Record<Name, Asset> {
  const assets = {} as Record<Name, Asset>;
  for (const name of Object.keys(types) as Name[]) {
    assets[name] = { content: readFileSync(join(dir, name), 'utf8'), contentType: types[name] };
  }
  return assets;
}

/** The asset called `name` (as a request spells it), or undefined. */
export function assetNamed<Name extends string>(
  assets: Readonly<Record<Name, Asset>>,
  name: string,
): Asset | undefined {
  return Object.hasOwn(assets, name) ? assets[name as Name] : undefined;
}

/** Answers with a loaded asset: the security headers, and revalidated at every use. */
export function sendAsset(res: Response, asset: Asset): void {
  res.sendRaw(200, asset.content, {
    ...SECURITY_HEADERS,
    'Content-Type': asset.contentType,
    'Cache-Control': 'no-cache',
  });
}

/** `public/assets/`: shared styles of the server-rendered pages (manual, login, email). */
const SHARED_DIR = publicDir('assets');
const SHARED_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves one file of `public/assets/` (`/assets/:file`) by plain name; anything else is 404. */
export async function serveAsset(req: Request, res: Response): Promise<void> {
  const file = String(req.params.file ?? '');
  const type = SHARED_TYPES[file.slice(file.lastIndexOf('.'))];
  if (!/^[a-z0-9-]+\.[a-z]+$/.test(file) || !type) {
    res.send(404, { error: 'not_found' });
    return;
  }
  try {
    const body = await readFile(join(SHARED_DIR, file));
    res.sendRaw(200, body, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  } catch {
    res.send(404, { error: 'not_found' });
  }
}
