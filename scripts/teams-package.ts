/**
 * Builds the Microsoft Teams app package from `teams/manifest.template.json`: fills in the bot's
 * app id and public URL and writes the four files Teams needs into `teams/build/`:
 *
 *   MicrosoftAppId=<guid> PUBLIC_URL=https://bot.example.ac.jp \
 *     node -r ./scripts/tsRegister.js scripts/teams-package.ts
 *
 * Then zip the four files (not the folder) and upload the zip in Teams. See `teams/README.md`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TEAMS_DIR = resolve(__dirname, '..', 'teams');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ICONS = ['color.png', 'outline.png'];

export type TeamsPackageEnv = Record<string, string | undefined>;

/** The files written, relative to the output directory, in the order they were written. */
export const TEAMS_PACKAGE_FILES = ['manifest.json', 'ja.json', ...ICONS];

function appIdOf(env: TeamsPackageEnv): string {
  const appId = env.MicrosoftAppId?.trim();
  if (!appId) throw new Error('MicrosoftAppId must be set to the Azure Bot app id (a GUID).');
  if (!GUID.test(appId)) {
    throw new Error('MicrosoftAppId must be a GUID like 00000000-0000-0000-0000-000000000000.');
  }
  return appId;
}

function publicUrlOf(env: TeamsPackageEnv): URL {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) throw new Error('PUBLIC_URL must be set to the public https URL of the bot.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute https URL, not "${raw}".`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`PUBLIC_URL must be an https URL (Teams requires it), not "${raw}".`);
  }
  return url;
}

/** Replaces the placeholders in every string of a parsed JSON value. */
function substitute(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{(\w+)\}\}/g, (placeholder, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) throw new Error(`Unknown placeholder ${placeholder}.`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, values)]),
    );
  }
  return value;
}

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(join(TEAMS_DIR, name), 'utf8')) as unknown;
}

/**
 * Writes the Teams app package files into `outDir`. Throws an Error whose message is one
 * sentence naming the variable when `MicrosoftAppId` or `PUBLIC_URL` is missing or malformed.
 * Placeholders: `${{MicrosoftAppId}}`, `${{PUBLIC_URL}}` (without a trailing slash) and
 * `${{PUBLIC_HOST}}` (the host name of PUBLIC_URL, for `validDomains`).
 */
export function packageTeamsApp(env: TeamsPackageEnv, outDir: string): string[] {
  const appId = appIdOf(env);
  const publicUrl = publicUrlOf(env);
  const values = {
    MicrosoftAppId: appId,
    PUBLIC_URL: publicUrl.href.replace(/\/+$/, ''),
    PUBLIC_HOST: publicUrl.hostname,
  };
  const manifest = substitute(readJson('manifest.template.json'), values);
  const japanese = substitute(readJson('ja.json'), values);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(outDir, 'ja.json'), `${JSON.stringify(japanese, null, 2)}\n`);
  for (const icon of ICONS) copyFileSync(join(TEAMS_DIR, icon), join(outDir, icon));
  return TEAMS_PACKAGE_FILES.map((name) => join(outDir, name));
}

if (require.main === module) {
  const outDir = join(TEAMS_DIR, 'build');
  try {
    packageTeamsApp(process.env, outDir);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `Wrote ${TEAMS_PACKAGE_FILES.join(', ')} to ${outDir}.\n` +
      `Zip these four files (not the folder), e.g.\n` +
      `  cd ${outDir} && zip ../certificates-teams.zip ${TEAMS_PACKAGE_FILES.join(' ')}\n` +
      `and upload the zip in Teams: Apps → Manage your apps → Upload an app.\n`,
  );
}
