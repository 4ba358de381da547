import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
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
import type { LocalizedChoice, LocalizedPromptOptions } from '../prompts/phrase';

export const CERTIFICATE_LINES = 'order.lines';
const LOOP = 'order.lines.loop';
const CHOICE = 'order.lines.choice';
const COPIES = 'order.lines.copies';

export type ChosenLine = Omit<OrderLine, 'unitFee'>;

export interface CertificateLinesOptions {
  student: DirectoryEntry;
  lines: ChosenLine[];
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
export class CertificateLinesDialog extends ComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(CERTIFICATE_LINES);
    this.addDialog(new LocalizedChoicePrompt(CHOICE, texts));
    this.addDialog(
      new LocalizedTextPrompt(COPIES, async (text, _context, options) => {
        const max = Number((options.validations as { max?: number } | undefined)?.max ?? 1);
        const copies = Number(text.normalize('NFKC').trim());
        return Number.isInteger(copies) && copies >= 1 && copies <= max
          ? undefined
          : { key: 'order.copiesRetry', args: { max } };
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

  private async chooseCertificate(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const choices: LocalizedChoice[] = this.remaining(step.options as CertificateLinesOptions).map(
      (certificate) => ({
        value: certificate.id,
        label: certificate.shortName ?? certificate.name,
      }),
    );
    if (choices.length === 0)
      return step.endDialog((step.options as CertificateLinesOptions).lines);
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
    if (languages.length === 1) return step.next(languages[0]);
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
      },
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
    const options = step.options as CertificateLinesOptions;
    const lines = (step.values as { lines?: ChosenLine[] }).lines ?? options.lines;
    if (step.result === 'addAnother') return step.replaceDialog(LOOP, { ...options, lines });
    return step.endDialog(lines);
  }
}
