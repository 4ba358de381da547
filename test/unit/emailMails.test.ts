import { DateTime } from 'luxon';
import { VerificationMails } from '../../src/email/verificationMails';
import type { Texts } from '../../src/i18n/i18n';
import { LANGUAGES } from '../../src/i18n/language';
import { loadTexts } from '../support/texts';

const SETTINGS = { publicUrl: 'https://cert.example.ac.jp', callCenterPhone: '06-6809-4327' };
const TOKEN = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCd';
// 2024-01-16 15:00 in Japan; the link is due 30 minutes later.
const EXPIRES = DateTime.fromISO('2024-01-16T06:30:00Z');

describe('confirmation mails', () => {
  let texts: Texts;
  let mails: VerificationMails;

  beforeAll(async () => {
    texts = await loadTexts();
    mails = new VerificationMails(texts, SETTINGS);
  });

  const render = (language: 'ja' | 'en', purpose: 'register' | 'change') =>
    mails.confirmation({
      to: 'taro@example.ac.jp',
      token: TOKEN,
      purpose,
      language,
      expiresAt: EXPIRES,
      validMinutes: 30,
    });

  it('puts the one-time URL under PUBLIC_URL, and names it as the link', () => {
    const mail = render('en', 'register');
    const link = `https://cert.example.ac.jp/auth/email/confirm?token=${TOKEN}`;
    expect(mail.link).toBe(link);
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.html).toContain(`<a href="${link}">${link}</a>`);
    expect(mail.to).toBe('taro@example.ac.jp');
  });

  it('words the English registration mail as the manual does, with the JST due time', () => {
    const mail = render('en', 'register');
    expect(mail.subject).toBe(texts.t('en', 'mail')('register.subject'));
    expect(mail.text).toContain('You can register your email address.');
    expect(mail.text).toContain(
      'Access the following URL and finish by setting your email address',
    );
    expect(mail.text).toContain(
      'Due date for the URL: 30 minutes (until Tue 16 Jan 2024, 15:30 JST)',
    );
    expect(mail.text).toContain('[Inquiries]');
    expect(mail.text).toContain('06-6809-4327');
  });

  it('writes the Japanese registration mail in Japanese, with the date in Japanese', () => {
    const mail = render('ja', 'register');
    const t = texts.t('ja', 'mail');
    expect(mail.subject).toBe(t('register.subject'));
    expect(mail.text).toContain(t('register.intro'));
    expect(mail.text).toContain('2024年1月16日(火) 15:30');
    expect(mail.text).toContain(t('inquiriesTitle'));
    expect(mail.text).not.toMatch(/Due date|Inquiries/);
  });

  it("uses the manual's change wording for a change", () => {
    const mail = render('en', 'change');
    expect(mail.subject).toBe(texts.t('en', 'mail')('change.subject'));
    expect(mail.text).toContain('You can change your email address.');
    expect(mail.text).toContain('Access the following URL and change your email address');
    expect(mail.text).toContain("*Please delete this message if you don't recognize it.");
    expect(mail.text).toContain('*This email address is used only for sending purposes.');
    expect(mail.text).not.toContain('You can register');
  });

  it.each(LANGUAGES)('tells in %s how to get a new link from the chat', (language) => {
    const command = texts.t(language, 'email')('resendCommand');
    expect(render(language, 'register').text).toContain(command);
  });

  it.each(LANGUAGES)('escapes nothing into the %s HTML that is not in the text', (language) => {
    const mail = render(language, 'change');
    const stripped = (mail.html ?? '')
      .replace(/<br>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .trim();
    expect(stripped.replace(/\s+/g, ' ')).toBe(mail.text.trim().replace(/\s+/g, ' '));
  });

  it.each(LANGUAGES)('words the %s change notice for the old address', (language) => {
    const t = texts.t(language, 'mail');
    const mail = mails.changeNotice({
      to: 'old@example.jp',
      language,
      changedAt: DateTime.fromISO('2024-01-16T06:00:00Z'),
    });
    expect(mail.to).toBe('old@example.jp');
    expect(mail.subject).toBe(t('changed.subject'));
    expect(mail.text).toContain(t('changed.notYou', { phone: SETTINGS.callCenterPhone }));
    expect(mail.text).toContain(
      language === 'ja' ? '2024年1月16日(火) 15:00' : 'Tue 16 Jan 2024, 15:00 JST',
    );
    expect(mail.link).toBeUndefined();
  });
});
