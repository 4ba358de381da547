import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { EmailPurpose } from '../../src/email/emailTokenStore';
import { checkEmailAddress, validateEmailAddress } from '../../src/email/validateEmailAddress';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import type { Texts } from '../../src/i18n/i18n';
import type { DialogServices } from '../dialogServices';
import { LocalizedTextPrompt } from '../prompts/localizedTextPrompt';
import type { LocalizedPromptOptions } from '../prompts/phrase';
import {
  AWAIT_EMAIL_CONFIRMATION,
  AwaitEmailConfirmationDialog,
  type AwaitOutcome,
} from './awaitEmailConfirmationDialog';

export const EMAIL_DIALOG = 'email';
const FLOW = 'email.flow';
const ADDRESS_PROMPT = 'email.address';
const CHECK_PROMPT = 'email.check';

/** What the flow remembers between its steps. */
interface EmailValues {
  first?: string;
  address?: string;
}

function valuesOf(step: WaterfallStepContext): EmailValues {
  return step.values as EmailValues;
}

export interface EmailDialogOptions {
  studentId: string;
  purpose: EmailPurpose;
  /** For a change: the address in force until the new one is confirmed. */
  previousAddress?: string;
  /** Resending to an address already typed twice skips the questions. */
  address?: string;
}

/**
 * Registers (first login) or changes the email address as the university's manual describes:
 * "Mail address", then "Check", each refused with a specific reason (spaces, full-width
 * characters, not an address, mismatch); then a confirmation mail with a 30-minute one-time URL,
 * and waiting for the student to open it. Ends with true once confirmed.
 */
export class EmailDialog extends DirectComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(EMAIL_DIALOG);
    this.addDialog(
      new LocalizedTextPrompt(ADDRESS_PROMPT, async (text) => {
        const check = checkEmailAddress(text);
        return check.ok ? undefined : { key: `email.reason.${check.reason}` };
      }),
    );
    this.addDialog(
      new LocalizedTextPrompt(CHECK_PROMPT, async (text, _context, options) => {
        const first = String((options.validations as { first?: string } | undefined)?.first ?? '');
        const result = validateEmailAddress(first, text);
        // A mismatch is not retried here: the manual has the student start over.
        return result.ok || result.reason === 'mismatch'
          ? undefined
          : { key: `email.reason.${result.reason}` };
      }),
    );
    this.addDialog(new AwaitEmailConfirmationDialog(texts));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.askAddress.bind(this),
        this.askCheck.bind(this),
        this.send.bind(this),
        this.afterWaiting.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private async askAddress(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as EmailDialogOptions;
    if (options.address) return step.next(); // resend: straight to sending
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: options.purpose === 'change' ? 'email.askNewAddress' : 'email.askAddress' },
      },
    };
    return step.prompt(ADDRESS_PROMPT, prompt);
  }

  private async askCheck(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as EmailDialogOptions;
    if (options.address) return step.next(options.address);
    valuesOf(step).first = step.result as string;
    const prompt: LocalizedPromptOptions = {
      phrases: { prompt: { key: 'email.askCheck' } },
      validations: { first: valuesOf(step).first },
    };
    return step.prompt(CHECK_PROMPT, prompt);
  }

  private async send(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as EmailDialogOptions;
    const t = turnT(step.context);
    const language = turnLanguage(step.context);
    let address = options.address;
    if (!address) {
      const result = validateEmailAddress(valuesOf(step).first ?? '', step.result as string);
      if (!result.ok) {
        await step.context.sendActivity(t(`email.reason.${result.reason}`));
        return step.replaceDialog(FLOW, options);
      }
      address = result.address;
    }
    const outcome = await this.services.emailConfirmation.start({
      studentId: options.studentId,
      address,
      language,
      purpose: options.purpose,
      previousAddress: options.previousAddress,
    });
    if (outcome.status === 'limited') {
      await step.context.sendActivity(
        t('email.limited', { retryAt: formatDateTime(outcome.retryAt, language) }),
      );
    } else {
      await step.context.sendActivity(
        t('email.sent', { address, expiresAt: formatDateTime(outcome.expiresAt, language) }),
      );
    }
    valuesOf(step).address = address;
    return step.beginDialog(AWAIT_EMAIL_CONFIRMATION);
  }

  private async afterWaiting(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as EmailDialogOptions;
    switch (step.result as AwaitOutcome) {
      case 'confirmed':
        return step.endDialog(true);
      case 'resend':
        return step.replaceDialog(FLOW, { ...options, address: valuesOf(step).address });
      case 'otherAddress':
      default:
        return step.replaceDialog(FLOW, { ...options, address: undefined });
    }
  }
}
