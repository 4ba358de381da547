import { chatDisplayName, MAX_DISPLAY_NAME_LENGTH } from '../../src/auth/chatDisplayName';

describe('chatDisplayName', () => {
  it('keeps an ordinary name as it is', () => {
    expect(chatDisplayName('山田 太郎')).toBe('山田 太郎');
    expect(chatDisplayName('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('answers undefined for no name, a blank one or something that is not text', () => {
    expect(chatDisplayName(undefined)).toBeUndefined();
    expect(chatDisplayName('  \n\t ')).toBeUndefined();
    expect(chatDisplayName(42)).toBeUndefined();
  });

  it('removes control and reordering characters and collapses white space', () => {
    // U+202E would show "Yamada" mirrored after it; a newline would split the sentence.
    expect(chatDisplayName(' Ya\u202Emada\n\u0000 Taro\u2066 ')).toBe('Yamada Taro');
  });

  it('cuts a long name with an ellipsis, never inside a character', () => {
    const long = '😀'.repeat(MAX_DISPLAY_NAME_LENGTH + 5);
    const bounded = chatDisplayName(long) ?? '';
    expect(Array.from(bounded)).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(bounded.endsWith('😀…')).toBe(true);
    expect(chatDisplayName('a'.repeat(MAX_DISPLAY_NAME_LENGTH))).toHaveLength(
      MAX_DISPLAY_NAME_LENGTH,
    );
  });
});
