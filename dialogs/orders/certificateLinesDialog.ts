import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import { formatYen } from '../../src/i18n/formatYen';
import type { Texts } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { findCertificate, type CertificateType } from '../../src/orders/catalogue';
import { eligibleCertificates } from '../../src/orders/eligibleCertificates';
import type { OrderLine } from '../../src/orders/order';
import type { DirectoryEntry } from '../../src/students/student';
import type { DialogServices } from '../dialogServices';
import { LocalizedChoicePrompt } from '../prompts/localizedChoicePrompt';
import { LocalizedTextPrompt } from '../prompts/localizedTextPrompt';
import type { LocalizedChoice, LocalizedPromptOptions, Phrase } from '../prompts/phrase';
import type { OrderShortcut } from './orderShortcut';

export const CERTIFICATE_LINES = 'order.lines';
const LOOP = 'order.lines.loop';
const CHOICE = 'order.lines.choice';
const COPIES = 'order.lines.copies';

export type ChosenLine = Omit<OrderLine, 'unitFee'>;

export interface CertificateLinesOptions {
  student: DirectoryEntry;
  lines: ChosenLine[];
  /** Answers typed in advance for the first line; each is checked as if typed at its question. */
  given?: Pick<OrderShortcut, 'certificateId' | 'language' | 'copies'>;
}

/** Most quick replies the copies question offers (1…5), beside typing. */
const COPIES_SUGGESTED = 5;

/** Why a number of copies is refused (the copies question's retry), or undefined. */
function copiesRefusal(copies: number, max: number): Phrase | undefined {
  return Number.isInteger(copies) && copies >= 1 && copies <= max
    ? undefined
    : { key: 'order.copiesRetry', args: { max } };
}

interface LoopValues {
  certificateId?: string;
  language?: Language;
}

/**
 * Builds the order's lines: certificate (only those the student may order), its language when
 * more than one is offered, the number of copies; then "another one?" up to the catalogue's
 * limit. Ends with the lines.
 */
export class CertificateLinesDialog extends DirectComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(CERTIFICATE_LINES);
    this.addDialog(new LocalizedChoicePrompt(CHOICE, texts));
    this.addDialog(
      new LocalizedTextPrompt(COPIES, async (text, _context, options) => {
        const max = Number((options.validations as { max?: number } | undefined)?.max ?? 1);
        return copiesRefusal(Number(text.normalize('NFKC').trim()), max);
      }),
    );
    this.addDialog(
      new WaterfallDialog(LOOP, [
        this.chooseCertificate.bind(this),
        this.chooseLanguage.bind(this),
        this.askCopies.bind(this),
        this.offerAnother.bind(this),
        this.next.bind(this),
      ]),
    );
    this.initialDialogId = LOOP;
  }

  /** Certificates the student may still add (a certificate in all its languages is used up). */
  private remaining(options: CertificateLinesOptions): CertificateType[] {
    return eligibleCertificates(this.services.catalogue, options.student).filter(
      (certificate) =>
        !certificate.languages.every((language) =>
          options.lines.some((l) => l.certificateId === certificate.id && l.language === language),
        ),
    );
  }

  /** What was typed in advance about `certificateId`, if that is the certificate it named. */
  private given(step: WaterfallStepContext, certificateId: string | undefined) {
    const { given } = step.options as CertificateLinesOptions;
    return given && given.certificateId === certificateId ? given : undefined;
  }

  private async chooseCertificate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CertificateLinesOptions;
    const remaining = this.remaining(options);
    if (remaining.length === 0) return step.endDialog(options.lines);
    // A certificate typed in advance that this student may not order is asked for, as if typed.
    const given = remaining.find((certificate) => certificate.id === options.given?.certificateId);
    if (given) return step.next(given.id);
    const choices: LocalizedChoice[] = remaining.map((certificate) => ({
      value: certificate.id,
      label: certificate.shortName ?? certificate.name,
    }));
    const prompt: LocalizedPromptOptions = {
      phrases: { prompt: { key: 'order.chooseCertificate' }, choices },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async chooseLanguage(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CertificateLinesOptions;
    const certificate = findCertificate(this.services.catalogue, step.result as string);
    if (!certificate) return step.replaceDialog(LOOP, options);
    (step.values as LoopValues).certificateId = certificate.id;
    const languages = certificate.languages.filter(
      (language) =>
        !options.lines.some((l) => l.certificateId === certificate.id && l.language === language),
    );
    const given = this.given(step, certificate.id)?.language;
    if (given && languages.includes(given)) return step.next(given);
    // A language typed in advance that the certificate lacks is asked for, even with one left.
    if (languages.length === 1 && !given) return step.next(languages[0]);
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: {
          key: 'order.chooseLanguage',
          args: { name: certificate.name[turnLanguage(step.context)] },
        },
        choices: languages.map((language) => ({
          value: language,
          label: { key: language === 'ja' ? 'order.languageJa' : 'order.languageEn' },
        })),
      },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async askCopies(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as LoopValues;
    values.language = step.result as Language;
    const certificate = findCertificate(this.services.catalogue, values.certificateId ?? '');
    if (!certificate) return step.replaceDialog(LOOP, step.options);
    const given = this.given(step, certificate.id)?.copies;
    const refused = given === undefined ? undefined : copiesRefusal(given, certificate.maxCopies);
    if (given !== undefined && !refused) return step.next(String(given));
    const language = turnLanguage(step.context);
    const t = turnT(step.context);
    // Names are data, so the arguments are fixed in the student's language of this moment.
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: {
          key: 'order.askCopies',
          args: {
            name: certificate.name[language],
            language: t(values.language === 'ja' ? 'order.languageJa' : 'order.languageEn'),
            fee: formatYen(certificate.feePerCopy, language),
            max: certificate.maxCopies,
          },
        },
        ...(refused && { refused }),
      },
      suggestions: Array.from(
        { length: Math.min(COPIES_SUGGESTED, certificate.maxCopies) },
        (_, i) => String(i + 1),
      ),
      validations: { max: certificate.maxCopies },
    };
    return step.prompt(COPIES, prompt);
  }

  private async offerAnother(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as CertificateLinesOptions;
    const values = step.values as LoopValues;
    const line: ChosenLine = {
      certificateId: values.certificateId ?? '',
      language: values.language ?? 'ja',
      copies: Number(String(step.result).normalize('NFKC').trim()),
    };
    const lines = [...options.lines, line];
    (step.values as { lines?: ChosenLine[] }).lines = lines;
    const full = lines.length >= this.services.catalogue.maxLinesPerOrder;
    if (full || this.remaining({ ...options, lines }).length === 0) return step.next('noMore');
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'order.addMore' },
        choices: [
          { value: 'addAnother', label: { key: 'order.addAnother' } },
          { value: 'noMore', label: { key: 'order.noMore' } },
        ],
      },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async next(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { student, lines: before } = step.options as CertificateLinesOptions;
    const lines = (step.values as { lines?: ChosenLine[] }).lines ?? before;
    // The answers typed in advance were for the first line only.
    const options: CertificateLinesOptions = { student, lines };
    if (step.result === 'addAnother') return step.replaceDialog(LOOP, options);
    return step.endDialog(lines);
  }
}
