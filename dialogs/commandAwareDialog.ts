import { ActivityTypes } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../src/bot/continueActiveDialog';
import type { ChatProfiles } from '../src/bot/chatProfile';
import { turnT } from '../src/bot/turnLanguage';
import { changeLanguage } from './commands/changeLanguage';
import type { CommandTurn } from './commands/commandTurn';
import type { GlobalCommandRecognizer } from './commands/globalCommandRecognizer';
import { GLOBAL_COMMANDS } from './commands/globalCommands';
import type { DialogServices } from './dialogServices';
import { routeEvent } from './eventRouter';
import type { SupportInfo } from './supportMessages';

export interface CommandAwareDeps {
  commands: GlobalCommandRecognizer;
  profiles: ChatProfiles;
  support: SupportInfo;
  services: DialogServices;
}

/**
 * The root of every conversation. Before any step of any dialog below it sees a message, this
 * runs the words that work everywhere ({@link GLOBAL_COMMANDS}: help, menu, cancel, manual, the
 * language switch, …), answers messages it cannot read (stickers, images) and hands events from
 * outside the chat to {@link routeEvent}. Subclasses say what the menu is.
 */
export abstract class CommandAwareDialog extends DirectComponentDialog {
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

  /** Handles a command, an event or an unreadable message; undefined lets the dialog go on. */
  protected async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const { activity } = innerDc.context;
    if (activity.type === ActivityTypes.Event) {
      return routeEvent({
        dc: innerDc,
        services: this.deps.services,
        reprompt: () => this.reprompt(innerDc),
      });
    }
    if (activity.type !== ActivityTypes.Message) return undefined;
    if (!activity.text?.trim() && activity.value === undefined) {
      await innerDc.context.sendActivity(turnT(innerDc.context)('nonText'));
      return this.reprompt(innerDc);
    }
    const command = this.deps.commands.recognize(activity.text);
    return command ? GLOBAL_COMMANDS[command](this.commandTurn(innerDc)) : undefined;
  }

  /** A global command's view of `dc`: what it may do there. */
  protected commandTurn(dc: DialogContext): CommandTurn {
    return {
      dc,
      support: this.deps.support,
      isBusy: () => this.isBusy(dc),
      reprompt: () => this.reprompt(dc),
      showMenu: () => this.showMenu(dc),
      changeLanguage: (language) =>
        changeLanguage(dc.context, language, this.deps.profiles, this.deps.services.students),
    };
  }

  protected async reprompt(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (!innerDc.activeDialog) return this.showMenu(innerDc);
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }
}
