import i18next from 'i18next';
import { Texts, readLocaleResources } from '../../src/i18n/i18n';

/**
 * Issue 17: a translate function remembers what plain keys translate to. It must answer exactly
 * as i18next does, pass calls with options through, and stay bounded.
 */
describe('Texts translate functions', () => {
  let texts: Texts;
  const plain = i18next.createInstance();

  beforeAll(async () => {
    texts = await Texts.load();
    const resources = readLocaleResources();
    await plain.init({
      resources,
      lng: 'ja',
      fallbackLng: false,
      ns: Object.keys(resources.ja),
      defaultNS: 'bot',
      interpolation: { escapeValue: false },
      returnNull: false,
      initAsync: false,
    });
  });

  it('answers every key of every namespace as i18next does, asked once or twice', () => {
    const resources = readLocaleResources();
    for (const language of ['ja', 'en'] as const) {
      for (const [namespace, tree] of Object.entries(resources[language])) {
        const t = texts.t(language, namespace);
        const reference = plain.getFixedT(language, namespace);
        for (const key of leafKeys(tree)) {
          expect([t(key), t(key), t(key, undefined)]).toEqual([
            reference(key),
            reference(key),
            reference(key),
          ]);
        }
      }
    }
  });

  it('is one function per language and namespace, and passes options through', () => {
    const t = texts.t('en');
    expect(texts.t('en')).toBe(t);
    expect(texts.t('ja')).not.toBe(t);
    const done = t('login.done', { name: 'Hanako', studentId: 'a0123456' });
    expect(done).toBe('You are logged in as Hanako (a0123456).');
    expect(t('login.done', { name: 'Taro', studentId: 'b1' })).toBe(
      'You are logged in as Taro (b1).',
    );
    expect(t('no.such.key', { defaultValue: 'fallback' })).toBe('fallback');
  });

  it('answers keys built from outside data right, also past the 4,096 keys it remembers', () => {
    const t = texts.t('en', 'admin');
    for (let n = 0; n < 10_000; n++) expect(t(`status.unknown-${n}`)).toBe(`status.unknown-${n}`);
    expect(t('status.unknown-3')).toBe('status.unknown-3');
  });
});

function leafKeys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? leafKeys(value as object, `${prefix}${key}.`)
      : Array.isArray(value)
        ? []
        : [`${prefix}${key}`],
  );
}
