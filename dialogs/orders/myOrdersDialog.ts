import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import { turnT } from '../../src/bot/turnLanguage';
import type { Texts } from '../../src/i18n/i18n';
import type { DialogServices } from '../dialogServices';
import { REQUIRE_STUDENT, RequireStudentDialog } from '../login/requireStudentDialog';
import { LocalizedChoicePrompt } from '../prompts/localizedChoicePrompt';
import type { LocalizedChoice, LocalizedPromptOptions } from '../prompts/phrase';
import { orderCard } from './orderMessages';
import { orderVoice } from './orderVoice';

export const MY_ORDERS_DIALOG = 'myOrders';
const FLOW = 'myOrders.flow';
const CHOICE = 'myOrders.choice';
const SHOWN = 5;

interface MyOrdersValues {
  studentId?: string;
  orderId?: string;
}

/** "My orders": the latest orders with status, amounts, deadlines and reservation numbers;
 * an unpaid order can be cancelled here. */
export class MyOrdersDialog extends DirectComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(MY_ORDERS_DIALOG);
    this.addDialog(new RequireStudentDialog(services, texts));
    this.addDialog(new LocalizedChoicePrompt(CHOICE, texts));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.identify.bind(this),
        this.list.bind(this),
        this.confirmCancel.bind(this),
        this.cancel.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private async identify(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(REQUIRE_STUDENT);
  }

  private async list(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const studentId = step.result as string | undefined;
    if (!studentId) return step.endDialog();
    (step.values as MyOrdersValues).studentId = studentId;
    const orders = (await this.services.orders.listForStudent(studentId)).slice(0, SHOWN);
    if (orders.length === 0) {
      await step.context.sendActivity(turnT(step.context)('orders.none'));
      return step.endDialog();
    }
    const voice = orderVoice(step.context, this.services.catalogue);
    await step.context.sendActivities(orders.map((order) => orderCard(voice, order)));
    const cancellable = orders.filter((order) => order.status === 'awaiting_payment');
    if (cancellable.length === 0) return step.endDialog();
    const choices: LocalizedChoice[] = [
      ...cancellable.map((order) => ({
        value: order.orderId,
        label: { key: 'orders.cancelChoice', args: { orderId: order.orderId } },
      })),
      { value: 'back', label: { key: 'settings.back' } },
    ];
    const prompt: LocalizedPromptOptions = {
      phrases: { prompt: { key: 'orders.cancelPrompt' }, choices },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async confirmCancel(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === 'back') return step.endDialog();
    (step.values as MyOrdersValues).orderId = step.result as string;
    const prompt: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'orders.confirmCancel', args: { orderId: step.result as string } },
        choices: [
          { value: 'yes', label: { key: 'settings.yes' } },
          { value: 'no', label: { key: 'settings.no' } },
        ],
      },
    };
    return step.prompt(CHOICE, prompt);
  }

  private async cancel(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== 'yes') return step.endDialog();
    const { studentId, orderId } = step.values as MyOrdersValues;
    const t = turnT(step.context);
    try {
      await this.services.orders.cancel(orderId ?? '', studentId ?? '');
      await step.context.sendActivity(t('order.cancelled', { orderId }));
    } catch {
      // Paid or expired meanwhile (the payment page is open in another tab, say).
      await step.context.sendActivity(t('orders.cannotCancel'));
    }
    return step.endDialog();
  }
}
