import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryWebChatOutbox } from '../../src/channels/webchat/memoryWebChatOutbox';
import { LOCALES_DIR } from '../../src/i18n/i18n';
import { http } from '../support/webchatHttp';
import { startWebChatServer, type WebChatTestServer } from '../support/webchatTestServer';

function localeFile(lng: string): { page: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(LOCALES_DIR, lng, 'webchat.json'), 'utf8'));
}

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

describe('web-chat page and its files', () => {
  let server: WebChatTestServer;

  beforeAll(async () => {
    server = await startWebChatServer({ outbox: new MemoryWebChatOutbox() });
  });
  afterAll(() => server.close());

  test('Japanese and English page strings have the same keys, none empty', () => {
    const ja = keyPaths(localeFile('ja')).sort();
    expect(keyPaths(localeFile('en')).sort()).toEqual(ja);
    for (const lng of ['ja', 'en']) {
      const t = server.texts.t(lng as 'ja' | 'en', 'webchat');
      for (const key of ja) expect(t(key)).not.toBe('');
    }
  });

  test.each([
    ['ja', 'ja-JP,ja;q=0.9'],
    ['en', 'en-US,en;q=0.9'],
    ['en', 'fr-FR,fr;q=0.9,en;q=0.8'],
    ['ja', 'de-DE'],
  ])('GET / is served in %s for Accept-Language %s, with strict headers', async (lng, accept) => {
    const answer = await http(`${server.url}/`, { headers: { 'Accept-Language': accept } });
    const t = server.texts.t(lng as 'ja' | 'en', 'webchat');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = answer.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.text).toContain(`<html lang="${lng}">`);
    expect(answer.text).toContain(`<title data-i18n="title">${t('page.title')}</title>`);
    expect(answer.text).toContain(`placeholder="${t('page.placeholder')}"`);
    expect(answer.text).toContain('data-max-text="2000"');
    expect(answer.text).not.toContain('{{');
    // Scripts only from files: no inline <script> and no on* handler attributes.
    expect(answer.text.match(/<script[^>]*>/g)).toEqual([
      '<script src="/webchat/render.js" defer>',
      '<script src="/webchat/app.js" defer>',
    ]);
    expect(answer.text).not.toMatch(/\son[a-z]+=/i);
  });

  test('?lng= overrides the browser language', async () => {
    const answer = await http(`${server.url}/?lng=en`, { headers: { 'Accept-Language': 'ja' } });
    expect(answer.text).toContain('<html lang="en">');
  });

  test.each([
    ['app.js', 'text/javascript; charset=utf-8', '/api/webchat/messages'],
    ['render.js', 'text/javascript; charset=utf-8', 'createRenderer'],
    ['style.css', 'text/css; charset=utf-8', '.bubble'],
    ['icon.svg', 'image/svg+xml', '<svg'],
  ])('serves /webchat/%s as %s', async (name, type, content) => {
    const answer = await http(`${server.url}/webchat/${name}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe(type);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.text).toContain(content);
  });

  test.each(['ja', 'en'])('serves the %s page strings as JSON', async (lng) => {
    const answer = await http(`${server.url}/webchat/i18n.json?lng=${lng}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(localeFile(lng).page);
  });
});
