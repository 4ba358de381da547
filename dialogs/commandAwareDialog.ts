import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import type { ChatProfiles } from '../src/bot/chatProfile';
import { turnLanguage, turnT } from '../src/bot/turnLanguage';
import type { Language } from '../src/i18n/language';
import type { GlobalCommand, GlobalCommandRecognizer } from './commands/globalCommand';
import { chatAccountOf } from '../src/students/chatAccountOf';
import type { DialogServices } from './dialogServices';
import { AWAIT_EMAIL_CONFIRMATION } from './email/awaitEmailConfirmationDialog';
import { announceEmailConfirmed, isEmailConfirmedEvent } from './email/emailAnnouncements';
import { innermostDialogId } from './innermostDialogId';
import { orderNews, reminderMessages } from './orders/orderMessages';
import { orderVoice } from './orders/orderVoice';
import { CHAT_EVENTS } from '../src/turns/chatEvents';
import type { Order } from '../src/orders/order';
import { LOGIN_DIALOG } from './login/loginDialog';
import { completeLoginEvent, isLoginEvent } from './login/loginEvents';
import { REQUIRE_STUDENT, type RequireStudentOptions } from './login/requireStudentDialog';
import { helpMessage, manualCard, type SupportInfo } from './supportMessages';

export interface CommandAwareDeps {
  commands: GlobalCommandRecognizer;
  profiles: ChatProfiles;
  support: SupportInfo;
  services: DialogServices;
}

/**
 * The root of every conversation. Before any step of any dialog below it sees a message, this
 * handles the words that work everywhere — help, menu, cancel, manual and the language switch —
 * and answers messages it cannot read (stickers, images). Subclasses say what the menu is.
 */
export abstract class CommandAwareDialog extends ComponentDialog {
  constructor(
    dialogId: string,
    protected readonly deps: CommandAwareDeps,
  ) {
    super(dialogId);
  }

  /** Starts (or restarts) the menu on the inner stack. */
  protected abstract showMenu(innerDc: DialogContext): Promise<DialogTurnResult>;

  /** True when the inner stack holds more than the menu itself, i.e. there is work to cancel. */
  protected abstract isBusy(innerDc: DialogContext): boolean;

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  /** Handles a global command or unreadable message; undefined lets the active dialog continue. */
  protected async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type === ActivityTypes.Event) return this.onEvent(innerDc);
    if (activity.type !== ActivityTypes.Message) return undefined;
    if (!activity.text?.trim() && activity.value === undefined) {
      await innerDc.context.sendActivity(turnT(innerDc.context)('nonText'));
      return this.reprompt(innerDc);
    }
    const command = this.deps.commands.recognize(activity.text);
    return command ? this.runCommand(innerDc, command) : undefined;
  }

  private async runCommand(
    innerDc: DialogContext,
    command: GlobalCommand,
  ): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    const t = turnT(context);
    switch (command) {
      case 'help':
        await context.sendActivity(helpMessage(t, this.deps.support));
        return this.reprompt(innerDc);
      case 'manual':
        await context.sendActivity(manualCard(t, this.deps.support));
        return this.reprompt(innerDc);
      case 'menu':
        await innerDc.cancelAllDialogs();
        return this.showMenu(innerDc);
      case 'cancel':
        if (!this.isBusy(innerDc)) {
          await context.sendActivity(t('cancel.nothing'));
          return this.reprompt(innerDc);
        }
        await innerDc.cancelAllDialogs();
        await context.sendActivity(t('cancel.done'));
        return this.showMenu(innerDc);
      case 'language':
        await this.toggleLanguage(context);
        return this.reprompt(innerDc);
      case 'english':
        return this.switchLanguage(innerDc, 'en');
      case 'japanese':
        return this.switchLanguage(innerDc, 'ja');
      case 'login':
        if (innermostDialogId(innerDc) === LOGIN_DIALOG) return this.reprompt(innerDc);
        return innerDc.beginDialog(REQUIRE_STUDENT, {
          explicit: true,
        } satisfies RequireStudentOptions);
      case 'resend':
        // The waiting email dialog resends itself; anywhere else, finish what is missing.
        if (innermostDialogId(innerDc) === AWAIT_EMAIL_CONFIRMATION) return undefined;
        return innerDc.beginDialog(REQUIRE_STUDENT, {
          explicit: true,
        } satisfies RequireStudentOptions);
    }
  }

  /**
   * Events from outside the chat (a login, a confirmed address) that arrive while the student is
   * elsewhere in the conversation: answered here, then the current question is asked again.
   * The dialog that waits for one gets it itself.
   */
  private async onEvent(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { context } = innerDc;
    const waiting = innermostDialogId(innerDc);
    if (isLoginEvent(context) && waiting !== LOGIN_DIALOG) {
      const student = await completeLoginEvent(context, this.deps.services);
      // A first login goes on to the email registration, wherever the student was.
      if (student && !student.email) return innerDc.beginDialog(REQUIRE_STUDENT);
      return this.reprompt(innerDc);
    }
    if (isEmailConfirmedEvent(context) && waiting !== AWAIT_EMAIL_CONFIRMATION) {
      await announceEmailConfirmed(context);
      return this.reprompt(innerDc);
    }
    if (context.activity.name === CHAT_EVENTS.orderUpdated) {
      const { orderId, status } = (context.activity.value ?? {}) as Record<string, unknown>;
      const order = typeof orderId === 'string' && (await this.deps.services.orders.get(orderId));
      if (order) {
        // Told as the change that happened, even when the order has moved on since.
        const moved =
          typeof status === 'string' ? { ...order, status: status as Order['status'] } : order;
        const news = orderNews(orderVoice(context, this.deps.services.catalogue), moved);
        // A change the student made in the chat (choosing how to pay) is not news.
        if (news.length === 0) return Dialog.EndOfTurn;
        await context.sendActivities(news);
      }
      return this.reprompt(innerDc);
    }
    if (context.activity.name === CHAT_EVENTS.orderReminder) return this.remind(innerDc);
    return undefined;
  }

  /** A deadline reminder from the scheduler, told as the order stands now. */
  private async remind(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { context } = innerDc;
    const { orderId, kind } = (context.activity.value ?? {}) as Record<string, unknown>;
    const known = typeof orderId === 'string' && (kind === 'payment' || kind === 'print');
    const order = known ? await this.deps.services.orders.get(orderId) : undefined;
    const { catalogue, clock } = this.deps.services;
    const messages =
      order && known
        ? reminderMessages(orderVoice(context, catalogue), order, kind, clock.now())
        : [];
    // Paid, printed or past its deadline since the reminder was queued: nothing to say.
    if (messages.length === 0) return Dialog.EndOfTurn;
    await context.sendActivities(messages);
    return this.reprompt(innerDc);
  }

  private async switchLanguage(
    innerDc: DialogContext,
    language: Language,
  ): Promise<DialogTurnResult> {
    await this.changeLanguage(innerDc.context, language);
    // Prompts keep locale keys, so the repeated question comes in the new language.
    return this.reprompt(innerDc);
  }

  /** Switches ja ↔ en and says so, in the new language. */
  protected toggleLanguage(context: TurnContext): Promise<void> {
    return this.changeLanguage(context, turnLanguage(context) === 'ja' ? 'en' : 'ja');
  }

  private async changeLanguage(context: TurnContext, language: Language): Promise<void> {
    const unchanged = turnLanguage(context) === language;
    await this.deps.profiles.setLanguage(context, language);
    // A logged-in student's mails and pages follow the language they chose in the chat.
    const account = chatAccountOf(context);
    const student = account && (await this.deps.services.students.findByAccount(account));
    if (student) await this.deps.services.students.setLanguage(student.studentId, language);
    await context.sendActivity(
      turnT(context)(unchanged ? 'language.unchanged' : 'language.changed'),
    );
  }

  protected async reprompt(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (!innerDc.activeDialog) return this.showMenu(innerDc);
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
