import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import { formatDateTime } from '../../src/i18n/formatDateTime';
import type { Texts } from '../../src/i18n/i18n';
import { findCertificate } from '../../src/orders/catalogue';
import { orderDeadlines } from '../../src/orders/deadlines';
import type { Order, PaymentMethod, PrintNetwork } from '../../src/orders/order';
import { serviceAvailability } from '../../src/orders/serviceAvailability';
import type { DialogServices } from '../dialogServices';
import { REQUIRE_STUDENT, RequireStudentDialog } from '../login/requireStudentDialog';
import { LocalizedChoicePrompt } from '../prompts/localizedChoicePrompt';
import type { LocalizedPromptOptions } from '../prompts/phrase';
import {
  CERTIFICATE_LINES,
  CertificateLinesDialog,
  type CertificateLinesOptions,
  type ChosenLine,
} from './certificateLinesDialog';
import { paymentCard, storesText, summaryCard } from './orderMessages';
import { parseStoreName, type OrderShortcut } from './orderShortcut';
import { orderVoice } from './orderVoice';

export const ORDER_DIALOG = 'order';
const FLOW = 'order.flow';
const CHOICE = 'order.choice';
const STORE = 'order.store';

export interface OrderDialogOptions {
  /** Answers the student typed in advance (「成績証明書を2部」); the rest is asked. */
  shortcut?: OrderShortcut;
}

interface OrderValues {
  studentId?: string;
  lines?: ChosenLine[];
  network?: PrintNetwork;
  order?: Order;
}

/**
 * "I need a certificate": the student (logged in, address confirmed) picks certificates, copies
 * and the store, sees the total and the exact deadlines, applies, chooses how to pay and gets
 * the payment link or Smart Pit number. The rest — payment, the reservation number — arrives
 * later as events from outside the chat. A typed shortcut ({@link OrderDialogOptions}) skips
 * the questions it answered well; the login and the other checks run as ever.
 */
export class OrderDialog extends DirectComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(ORDER_DIALOG);
    this.addDialog(new RequireStudentDialog(services, texts));
    this.addDialog(new CertificateLinesDialog(services, texts));
    this.addDialog(new LocalizedChoicePrompt(CHOICE, texts));
    // Besides its buttons, the store question understands a chain's name: 「セブン」, "Lawson".
    this.addDialog(
      new LocalizedChoicePrompt(STORE, texts, async (prompt) => {
        if (prompt.recognized.succeeded) return true;
        const named = parseStoreName(prompt.context.activity.text ?? '', services.catalogue);
        if (named) prompt.recognized.value = named.network;
        return named !== undefined;
      }),
    );
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.identify.bind(this),
        this.chooseLines.bind(this),
        this.chooseStore.bind(this),
        this.summarize.bind(this),
        this.apply.bind(this),
        this.pay.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private values(step: WaterfallStepContext): OrderValues {
    return step.values as OrderValues;
  }

  private async identify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(REQUIRE_STUDENT);
  }

  private async chooseLines(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const studentId = step.result as string | undefined;
    const student = studentId && (await this.services.students.get(studentId));
    if (!student) return step.endDialog();
    const t = turnT(step.context);
    const language = turnLanguage(step.context);
    const availability = serviceAvailability(this.services.catalogue, this.services.clock.now());
    if (!availability.open) {
      const reopensAt = formatDateTime(availability.reopensAt, language);
      await step.context.sendActivity(
        availability.reason
          ? t('order.closedReason', { reason: availability.reason[language], reopensAt })
          : t('order.closed', { reopensAt }),
      );
      return step.endDialog();
    }
    this.values(step).studentId = student.studentId;
    const { shortcut } = (step.options ?? {}) as OrderDialogOptions;
    const options: CertificateLinesOptions = {
      student,
      lines: [],
      ...(shortcut && { given: shortcut }),
    };
    return step.beginDialog(CERTIFICATE_LINES, options);
  }

  private async chooseStore(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const lines = step.result as ChosenLine[];
    if (lines.length === 0) {
      await step.context.sendActivity(turnT(step.context)('order.noneEligible'));
      return step.endDialog();
    }
    this.values(step).lines = lines;
    const { networks } = this.services.catalogue;
    const given = ((step.options ?? {}) as OrderDialogOptions).shortcut?.network;
    if (given && networks.some((network) => network.id === given)) return step.next(given);
    const voiceJa = orderVoice(step.context, this.services.catalogue);
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'order.chooseStore' },
        choices: networks.map((network) => ({
          value: network.id,
          label: {
            ja: storesText({ ...voiceJa, language: 'ja' }, network.id),
            en: storesText({ ...voiceJa, language: 'en' }, network.id),
          },
        })),
      },
    };
    return step.prompt(STORE, prompt);
  }

  private async summarize(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    values.network = step.result as PrintNetwork;
    const { catalogue, clock } = this.services;
    const lines = (values.lines ?? []).map((line) => ({
      ...line,
      unitFee: findCertificate(catalogue, line.certificateId)?.feePerCopy ?? 0,
    }));
    const deadlines = orderDeadlines(clock.now(), catalogue.deadlines);
    await step.context.sendActivity(
      summaryCard(orderVoice(step.context, catalogue), {
        lines,
        network: values.network,
        ...deadlines,
      }),
    );
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'order.summaryTitle' },
        choices: [
          { value: 'confirm', label: { key: 'order.confirm' } },
          { value: 'edit', label: { key: 'order.edit' } },
          { value: 'stop', label: { key: 'order.stop' } },
        ],
      },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async apply(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const t = turnT(step.context);
    // Starting again means every question again, the typed shortcut's too.
    if (step.result === 'edit') return step.replaceDialog(FLOW, {} satisfies OrderDialogOptions);
    if (step.result !== 'confirm') {
      await step.context.sendActivity(t('order.stopped'));
      return step.endDialog();
    }
    try {
      values.order = await this.services.orders.create({
        studentId: values.studentId ?? '',
        lines: values.lines ?? [],
        network: values.network ?? 'netprint',
        language: turnLanguage(step.context),
      });
    } catch {
      // The rules were checked while choosing; a refusal here means they changed meanwhile.
      await step.context.sendActivity(t('order.refused'));
      return step.endDialog();
    }
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'order.choosePayment' },
        choices: this.services.catalogue.paymentMethods.map((method) => ({
          value: method,
          label: { key: `order.method.${method}` },
        })),
      },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async pay(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = this.values(step);
    const { order, start } = await this.services.orders.startPayment(
      values.order?.orderId ?? '',
      values.studentId ?? '',
      step.result as PaymentMethod,
    );
    await step.context.sendActivity(
      paymentCard(orderVoice(step.context, this.services.catalogue), order, start),
    );
    return step.endDialog(order.orderId);
  }
}
