import {
  checkEmailAddress,
  MAX_ADDRESS_LENGTH,
  validateEmailAddress,
} from '../../src/email/validateEmailAddress';

describe('checkEmailAddress', () => {
  it.each([
    'taro@example.ac.jp',
    'taro.kyodai@st.example.ac.jp',
    'a0123456@example.jp',
    'first.last+certificates@example.com',
    "o'brien@example.ie",
    'x_y-z@sub-domain.example.org',
    'a@b.co',
    'user@xn--eckwd4c7c.xn--zckzah',
    'UPPER@EXAMPLE.JP',
  ])('accepts %s', (address) => {
    const result = checkEmailAddress(address);
    expect(result.ok).toBe(true);
  });

  it('lower-cases the domain but keeps the local part as typed', () => {
    expect(checkEmailAddress('Taro.Kyodai@Example.AC.JP')).toEqual({
      ok: true,
      address: 'Taro.Kyodai@example.ac.jp',
    });
  });

  it.each([
    ['', 'empty'],
    [' ', 'empty'],
    ['\t\n', 'empty'],
    ['\u3000', 'empty'],
  ])('calls %j empty', (text, reason) => {
    expect(checkEmailAddress(text)).toEqual({ ok: false, reason });
  });

  it.each([
    ['taro＠example.ac.jp', 'full-width at sign'],
    ['ｔａｒｏ@example.ac.jp', 'full-width letters'],
    ['taro@example．ac．jp', 'full-width dots'],
    ['taro１２３@example.ac.jp', 'full-width digits'],
    ['taro\u3000@example.ac.jp', 'a full-width space'],
    ['たろう@example.ac.jp', 'kana'],
    ['taro@例え.jp', 'a kanji domain'],
    ['tarö@example.de', 'an accented letter'],
    ['taro😀@example.jp', 'an emoji'],
  ])('calls %s full-width (%s)', (text) => {
    expect(checkEmailAddress(text)).toEqual({ ok: false, reason: 'fullWidth' });
  });

  it.each([
    [' taro@example.ac.jp', 'a leading space'],
    ['taro@example.ac.jp ', 'a trailing space'],
    ['taro @example.ac.jp', 'a space inside'],
    ['taro@example.ac.jp\n', 'a trailing newline'],
    ['taro\t@example.ac.jp', 'a tab'],
  ])('points out %j instead of trimming it (%s)', (text) => {
    expect(checkEmailAddress(text)).toEqual({ ok: false, reason: 'spaces' });
  });

  it.each([
    ['taro', 'no at sign'],
    ['taro@', 'no domain'],
    ['@example.ac.jp', 'no local part'],
    ['taro@@example.ac.jp', 'two at signs'],
    ['taro@kyodai@example.jp', 'an at sign in the local part'],
    ['taro@localhost', 'no dot in the domain'],
    ['taro@example.', 'an empty last label'],
    ['taro@.example.jp', 'an empty first label'],
    ['taro@example..jp', 'an empty label'],
    ['taro@-example.jp', 'a label starting with a hyphen'],
    ['taro@example-.jp', 'a label ending with a hyphen'],
    ['taro@exa_mple.jp', 'an underscore in the domain'],
    ['taro@example.j', 'a one-letter top-level domain'],
    ['taro@example.123', 'a numeric top-level domain'],
    ['taro@127.0.0.1', 'an IP address'],
    ['taro@[127.0.0.1]', 'an address literal'],
    ['.taro@example.jp', 'a leading dot'],
    ['taro.@example.jp', 'a trailing dot before the at sign'],
    ['ta..ro@example.jp', 'two dots in a row'],
    ['"taro"@example.jp', 'a quoted local part'],
    ['ta(ro)@example.jp', 'parentheses'],
    ['ta,ro@example.jp', 'a comma'],
    ['taro@exam;ple.jp', 'a semicolon'],
    ['<taro@example.jp>', 'angle brackets'],
    ['taro@example.jp\u0000', 'a control character'],
    [`${'a'.repeat(65)}@example.jp`, 'a local part over 64 characters'],
    [`taro@${'a'.repeat(64)}.jp`, 'a label over 63 characters'],
  ])('calls %j invalid (%s)', (text) => {
    expect(checkEmailAddress(text)).toEqual({ ok: false, reason: 'invalid' });
  });

  it(`accepts ${MAX_ADDRESS_LENGTH} characters and refuses one more`, () => {
    const domain = `${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63)].join('.')}.jp`;
    const fits = `${'x'.repeat(MAX_ADDRESS_LENGTH - domain.length - 1)}@${domain}`;
    expect(fits).toHaveLength(MAX_ADDRESS_LENGTH);
    expect(checkEmailAddress(fits).ok).toBe(true);
    expect(checkEmailAddress(`x${fits}`)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts a local part of exactly 64 characters', () => {
    expect(checkEmailAddress(`${'a'.repeat(64)}@example.jp`).ok).toBe(true);
  });
});

describe('validateEmailAddress', () => {
  const good = 'taro.kyodai@example.ac.jp';

  it('accepts the same address typed twice', () => {
    expect(validateEmailAddress(good, good)).toEqual({ ok: true, address: good });
  });

  it('treats the domain case-insensitively when comparing, and returns it lower-cased', () => {
    expect(validateEmailAddress('taro@Example.JP', 'taro@example.jp')).toEqual({
      ok: true,
      address: 'taro@example.jp',
    });
  });

  it('compares local parts exactly (a mail server may tell them apart)', () => {
    expect(validateEmailAddress('Taro@example.jp', 'taro@example.jp')).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it.each([
    ['', good],
    [good, ''],
    ['', ''],
    ['  ', good],
  ])('calls (%j, %j) empty', (first, check) => {
    expect(validateEmailAddress(first, check)).toEqual({ ok: false, reason: 'empty' });
  });

  it.each([
    ['taro＠example.ac.jp', 'taro＠example.ac.jp'],
    [good, 'taro.kyodai＠example.ac.jp'],
    ['ｔａｒｏ@example.jp', good],
  ])('calls (%s, %s) full-width', (first, check) => {
    expect(validateEmailAddress(first, check)).toEqual({ ok: false, reason: 'fullWidth' });
  });

  it.each([
    [` ${good}`, ` ${good}`],
    [good, `${good} `],
    ['taro @example.jp', good],
  ])('calls (%j, %j) spaces', (first, check) => {
    expect(validateEmailAddress(first, check)).toEqual({ ok: false, reason: 'spaces' });
  });

  it.each([
    ['taro', 'taro'],
    ['taro@localhost', 'taro@localhost'],
    ['taro@example', good],
  ])('calls (%s, %s) invalid', (first, check) => {
    expect(validateEmailAddress(first, check)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    [good, 'taro.kyoudai@example.ac.jp'],
    [good, 'taro.kyodai@example.ac.com'],
    [good, 'notanaddress'],
  ])('calls (%s, %s) a mismatch', (first, check) => {
    expect(validateEmailAddress(first, check)).toEqual({ ok: false, reason: 'mismatch' });
  });

  describe('checks in the order empty, full-width, spaces, invalid, mismatch', () => {
    it.each([
      ['an empty check beats a full-width first entry', 'ｔａｒｏ@example.jp', '', 'empty'],
      ['full-width beats spaces', 'taro @example.jp', 'ｔａｒｏ@example.jp', 'fullWidth'],
      ['full-width in one word beats spaces in it', 'ｔａｒｏ @example.jp', good, 'fullWidth'],
      ['spaces beat invalid', 'taro', ` ${good}`, 'spaces'],
      ['invalid beats mismatch', 'taro@localhost', good, 'invalid'],
    ])('%s', (_name, first, check, reason) => {
      expect(validateEmailAddress(first, check)).toEqual({ ok: false, reason });
    });
  });
});
