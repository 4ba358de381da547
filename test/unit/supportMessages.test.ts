import type { Translate } from '../../src/i18n/i18n';
import { helpMessage } from '../../dialogs/supportMessages';

/** A translate function that writes out its key and options, and counts its calls. */
function countingT(language: string): { t: Translate; calls: string[] } {
  const calls: string[] = [];
  const t = ((key: string, options?: { phone?: string }) => {
    calls.push(key);
    return `${language}:${key}${options?.phone ? `(${options.phone})` : ''}`;
  }) as unknown as Translate;
  return { t, calls };
}

describe('helpMessage', () => {
  it('builds the help text once per language and support info, with that info', () => {
    const support = { manualUrl: 'https://example.org/manual', callCenterPhone: '0120-000-000' };
    const other = { manualUrl: 'https://example.org/manual', callCenterPhone: '03-1234-5678' };
    const en = countingT('en');
    const ja = countingT('ja');

    const first = helpMessage(en.t, support).text;
    expect(first).toBe(
      [
        '【en:help.title】',
        'en:help.body',
        'en:help.commands',
        'en:help.callCenter(0120-000-000)',
        'en:help.sealedEnvelope',
      ].join('\n\n'),
    );
    expect(helpMessage(en.t, support).text).toBe(first);
    expect(en.calls).toHaveLength(5);

    // Another language and another support info each get their own text.
    expect(helpMessage(ja.t, support).text).toContain('ja:help.callCenter(0120-000-000)');
    expect(helpMessage(en.t, other).text).toContain('en:help.callCenter(03-1234-5678)');
    expect(en.calls).toHaveLength(10);

    // Each call hands out a message of its own: a caller changing one changes no other.
    const message = helpMessage(en.t, support);
    message.text = 'changed';
    expect(helpMessage(en.t, support).text).toBe(first);
  });
});
