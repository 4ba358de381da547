import type { Card } from '../../src/channels/card';
import type { Translate } from '../../src/i18n/i18n';
import { openForm, submitForm } from './formClient';
import type { TestSmtpServer } from './smtpServer';
import type { WebChatMessage } from '../../src/channels/webchat/webChatMessage';
import { collect, createSession, postJson } from './webchatHttp';

/**
 * A student in the web chat, driven over the page's HTTP API exactly as the page does it:
 * open a session, send text or press buttons, long-poll the answers.
 */
export class WebChatStudent {
  private last = 0;
  readonly transcript: WebChatMessage[] = [];

  private constructor(
    readonly base: string,
    readonly sessionId: string,
  ) {}

  /** Opens a session and sends the greeting turn, as the page does on first load. */
  static async open(base: string, locale = 'ja-JP'): Promise<WebChatStudent> {
    const student = new WebChatStudent(base, await createSession(base, locale));
    const answer = await postJson(`${base}/api/webchat/messages`, {
      sessionId: student.sessionId,
      type: 'conversationUpdate',
    });
    if (answer.status !== 202) throw new Error(`greeting refused: ${answer.status}`);
    return student;
  }

  async say(text: string): Promise<void> {
    const answer = await postJson(`${this.base}/api/webchat/messages`, {
      sessionId: this.sessionId,
      text,
    });
    if (answer.status !== 202) throw new Error(`message refused: ${answer.status} ${answer.text}`);
  }

  /**
   * Waits until the bot has said `count` more things, and returns them. A guard of `ms` turns
   * a missing answer into a failure that shows what did arrive.
   */
  async hear(count: number, ms = 15_000): Promise<WebChatMessage[]> {
    const giveUpAt = Date.now() + ms;
    const fresh = await collect(
      this.base,
      this.sessionId,
      (seen) => {
        const heard = seen.filter((m) => m.from === 'bot');
        if (heard.length < count && Date.now() > giveUpAt) {
          throw new Error(
            `expected ${count} bot messages, heard ${JSON.stringify(heard.map((m) => m.text ?? m.cards))}`,
          );
        }
        return heard.length >= count;
      },
      this.last,
    );
    if (fresh.length > 0) this.last = fresh[fresh.length - 1].seq;
    const bot = fresh.filter((m) => m.from === 'bot');
    this.transcript.push(...bot);
    return bot;
  }

  /** Says each text in turn and waits for its number of answers. */
  async converse(steps: readonly (readonly [string, number])[]): Promise<void> {
    for (const [text, answers] of steps) {
      await this.say(text);
      await this.hear(answers);
    }
  }

  /** Texts of what the bot says next (`count` messages). */
  async hearTexts(count: number): Promise<string[]> {
    return (await this.hear(count)).map((m) => m.text ?? cardText(m.cards));
  }
}

/** A card as one line: its title and buttons (for comparing with translations). */
function cardText(cards: Card[] | undefined): string {
  return (cards ?? []).map((card) => `[${card.title}]`).join(' ');
}

/** The URL of the first link button in a message's cards. */
export function linkOf(message: WebChatMessage): string {
  for (const card of message.cards ?? []) {
    for (const button of card.buttons ?? []) if (button.kind === 'link') return button.url;
  }
  throw new Error('no link in that message');
}

/**
 * A web-chat student logged in as `a0123456` with a confirmed address, at the menu: the first
 * half of the journey, for tests about what comes after it. `opened`, when given, receives the
 * one-time URLs the student opened (the login link, then the confirmation link).
 */
export async function registeredStudent(
  base: string,
  smtp: TestSmtpServer,
  locale: string,
  address = 'taro@example.ac.jp',
  opened: string[] = [],
): Promise<WebChatStudent> {
  const student = await WebChatStudent.open(base, locale);
  await student.hear(2);
  await student.say('login');
  const [card] = await student.hear(1);
  opened.push(linkOf(card));
  await submitForm(base, await openForm(linkOf(card)), {
    studentId: 'a0123456',
    password: 'demo1234',
  });
  await student.hear(3);
  await student.say(address);
  await student.hear(1);
  await student.say(address);
  await student.hear(2);
  const mails = await smtp.waitForMails(smtp.mails.length || 1);
  const text = mails[mails.length - 1].parsed.text ?? '';
  const url = /(http:\/\/\S+\/auth\/email\/confirm\?token=[\w-]+)/.exec(text)?.[1] ?? '';
  opened.push(url);
  await submitForm(base, await openForm(url));
  await student.hear(2);
  return student;
}

/**
 * In English, applies for one English enrollment certificate to print at 7-Eleven, up to the
 * question how to pay; returns that question (its choices are the payment methods offered).
 */
export async function applyUpToPayment(
  student: WebChatStudent,
  en: Translate,
): Promise<WebChatMessage> {
  await student.converse([
    [en('menu.apply'), 1],
    ['Enrollment', 1],
    [en('order.languageEn'), 1],
    ['1', 1],
    [en('order.noMore'), 1],
    ['7-Eleven', 2],
  ]);
  await student.say(en('order.confirm'));
  const [question] = await student.hear(1);
  return question;
}

/**
 * In English, applies for one English enrollment certificate to print at 7-Eleven and picks the
 * payment method with the label `method`; returns the payment card.
 */
export async function applyForEnrollment(
  student: WebChatStudent,
  en: Translate,
  method: string,
): Promise<WebChatMessage> {
  await applyUpToPayment(student, en);
  await student.say(method);
  const [pay] = await student.hear(2);
  return pay;
}
