import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { turnLanguage } from '../../src/bot/turnLanguage';
import type { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { choicesMessage, recognizeChoice } from '../prompts/localizedChoicePrompt';
import type { LocalizedChoice } from '../prompts/phrase';
import { announceEmailConfirmed, isEmailConfirmedEvent } from './emailAnnouncements';

export const AWAIT_EMAIL_CONFIRMATION = 'email.awaitConfirmation';

/** How waiting for the confirmation ended. */
export type AwaitOutcome = 'confirmed' | 'resend' | 'otherAddress';

const CHOICES: LocalizedChoice[] = [
  { value: 'resend', label: { key: 'email.resend' } },
  { value: 'notReceived', label: { key: 'email.notReceived' } },
  { value: 'otherAddress', label: { key: 'email.changeAddress' } },
];

/**
 * Waits, for as long as the student likes, for the `emailConfirmed` event that the
 * confirmation page sends. Meanwhile the student can ask for the mail again, read the
 * "not received after 30 minutes?" checklist, or start over with another address.
 */
export class AwaitEmailConfirmationDialog extends Dialog {
  constructor(private readonly texts: Texts) {
    super(AWAIT_EMAIL_CONFIRMATION);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.offerChoices(dc.context);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    if (isEmailConfirmedEvent(context)) {
      await announceEmailConfirmed(context);
      return dc.endDialog('confirmed' satisfies AwaitOutcome);
    }
    const picked = recognizeChoice(this.texts, context.activity.text, CHOICES)?.value;
    if (picked === 'resend' || picked === 'otherAddress') {
      return dc.endDialog(picked satisfies AwaitOutcome);
    }
    if (picked === 'notReceived') {
      await context.sendActivity(checklistText(this.texts, turnLanguage(context)));
    }
    await this.offerChoices(context);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext): Promise<void> {
    await this.offerChoices(context);
  }

  private offerChoices(context: TurnContext) {
    return context.sendActivity(
      choicesMessage(context, this.texts, { key: 'email.awaiting' }, CHOICES),
    );
  }
}

/**
 * The manual's "not received after 30 minutes?" checklist, numbered, from the same sentences the
 * confirmation pages show (`locales/<lng>/email.json`).
 */
export function checklistText(texts: Texts, language: Language): string {
  const items = texts.raw<string[]>(language, 'checklist', 'email');
  const lines = items.map((item, i) => `${i + 1}. ${item}`);
  return [texts.t(language, 'email')('checklistTitle'), ...lines].join('\n');
}
