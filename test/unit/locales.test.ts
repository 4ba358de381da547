import { readLocaleResources } from '../../src/i18n/i18n';

/** Every key path of a resource tree; arrays count as one leaf. */
function keyPaths(node: unknown, prefix = ''): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [prefix];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    keyPaths(value, prefix ? `${prefix}.${key}` : key),
  );
}

function leaves(node: unknown): unknown[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return [node];
  return Object.values(node as Record<string, unknown>).flatMap(leaves);
}

describe('locales', () => {
  const resources = readLocaleResources();

  it('has the same namespaces in ja and en', () => {
    expect(Object.keys(resources.en).sort()).toEqual(Object.keys(resources.ja).sort());
  });

  it.each(Object.keys(resources.ja))('namespace "%s" has the same keys in ja and en', (ns) => {
    expect(keyPaths(resources.en[ns]).sort()).toEqual(keyPaths(resources.ja[ns]).sort());
  });

  it.each(Object.keys(resources.ja))('namespace "%s" has no empty sentence', (ns) => {
    for (const language of ['ja', 'en'] as const) {
      for (const leaf of leaves(resources[language][ns])) {
        if (Array.isArray(leaf)) expect(leaf.length).toBeGreaterThan(0);
        else expect(String(leaf).trim()).not.toBe('');
      }
    }
  });

  it.each(Object.keys(resources.ja))(
    'namespace "%s" uses the same {{placeholders}} in both languages',
    (ns) => {
      const placeholders = (text: unknown) =>
        [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
      for (const path of keyPaths(resources.ja[ns])) {
        const get = (root: unknown) =>
          path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], root);
        expect({ path, names: placeholders(get(resources.en[ns])) }).toEqual({
          path,
          names: placeholders(get(resources.ja[ns])),
        });
      }
    },
  );
});
