import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Request, Response } from 'restify';
import { PROJECT_ROOT } from '../platform/projectRoot';

/** `public/assets/`: shared styles of the server-rendered pages (manual, login, email). */
const ASSETS_DIR = join(PROJECT_ROOT, 'public', 'assets');
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves one file of `public/assets/` by plain name; anything else is 404. */
export async function serveAsset(req: Request, res: Response): Promise<void> {
  const file = String(req.params.file ?? '');
  const type = TYPES[file.slice(file.lastIndexOf('.'))];
  if (!/^[a-z0-9-]+\.[a-z]+$/.test(file) || !type) {
    res.send(404, { error: 'not_found' });
    return;
  }
  try {
    const body = await readFile(join(ASSETS_DIR, file));
    res.sendRaw(200, body, {
      'Content-Type': type,
      'Cache-Control': 'public, max-age=3600',
      'X-Content-Type-Options': 'nosniff',
    });
  } catch {
    res.send(404, { error: 'not_found' });
  }
}
