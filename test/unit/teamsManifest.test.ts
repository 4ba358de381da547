import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageTeamsApp } from '../../scripts/teams-package';

const APP_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const PUBLIC_URL = 'https://certificates.example.ac.jp/';

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Teams app package', () => {
  let outDir: string;

  beforeEach(() => {
    outDir = mkdtempSync(join(tmpdir(), 'teams-package-'));
  });

  afterEach(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('fills in the app id and public URL and copies the icons', () => {
    packageTeamsApp({ MicrosoftAppId: APP_ID, PUBLIC_URL }, outDir);

    const text = readFileSync(join(outDir, 'manifest.json'), 'utf8');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text);
    expect(manifest.manifestVersion).toBe('1.16');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes).toEqual(['personal']);
    expect(manifest.validDomains).toContain('certificates.example.ac.jp');
    expect(manifest.developer.privacyUrl).toBe('https://certificates.example.ac.jp/privacy');
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.localizationInfo.additionalLanguages).toEqual([
      { languageTag: 'ja', file: 'ja.json' },
    ]);

    const japanese = readFileSync(join(outDir, 'ja.json'), 'utf8');
    expect(japanese).not.toContain('${{');
    expect(JSON.parse(japanese)['name.short']).toBeTruthy();

    expect(pngSize(join(outDir, manifest.icons.color))).toEqual({ width: 192, height: 192 });
    expect(pngSize(join(outDir, manifest.icons.outline))).toEqual({ width: 32, height: 32 });
  });

  it.each([
    ['missing', {}],
    ['empty', { MicrosoftAppId: '' }],
    ['not a GUID', { MicrosoftAppId: 'my-bot' }],
  ])('refuses a MicrosoftAppId that is %s', (_, appIdEnv) => {
    expect(() => packageTeamsApp({ ...appIdEnv, PUBLIC_URL }, outDir)).toThrow(/MicrosoftAppId/);
  });

  it('refuses a missing or non-https PUBLIC_URL', () => {
    expect(() => packageTeamsApp({ MicrosoftAppId: APP_ID }, outDir)).toThrow(/PUBLIC_URL/);
    expect(() =>
      packageTeamsApp({ MicrosoftAppId: APP_ID, PUBLIC_URL: 'http://localhost:3978' }, outDir),
    ).toThrow(/PUBLIC_URL/);
  });
});
