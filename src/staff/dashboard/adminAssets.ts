import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../platform/projectRoot';

/** `public/admin/`: the dashboard's style and script. */
const ADMIN_DIR = join(PROJECT_ROOT, 'public', 'admin');

const TYPES = {
  'admin.css': 'text/css; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
} as const;

export type AdminAssetName = keyof typeof TYPES;

export interface AdminAsset {
  content: string;
  contentType: string;
}

/** The dashboard's files, read once at start-up and served under `/admin/static/`. */
export function loadAdminAssets(dir = ADMIN_DIR): Record<AdminAssetName, AdminAsset> {
  const entries = (Object.keys(TYPES) as AdminAssetName[]).map((name) => [
    name,
    { content: readFileSync(join(dir, name), 'utf8'), contentType: TYPES[name] },
  ]);
  return Object.fromEntries(entries) as Record<AdminAssetName, AdminAsset>;
}

export function isAdminAssetName(name: string): name is AdminAssetName {
  return Object.hasOwn(TYPES, name);
}
