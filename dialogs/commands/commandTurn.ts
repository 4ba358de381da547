import type { DialogContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { Language } from '../../src/i18n/language';
import type { SupportInfo } from '../supportMessages';

/** The conversation a global command finds, and what the command may do with it. */
export interface CommandTurn {
  /** Where the command runs: the root dialog's inner stack, or the menu's current step. */
  readonly dc: DialogContext;
  readonly support: SupportInfo;
  /** True when more than the menu is open, i.e. there is work to cancel. */
  isBusy(): boolean;
  /** Asks again what the command interrupted; the menu when nothing was being asked. */
  reprompt(): Promise<DialogTurnResult>;
  /** Starts the menu on `dc` (after cancelling what was open). */
  showMenu(): Promise<DialogTurnResult>;
  /** Remembers the chat's language and says so, in that language. */
  changeLanguage(language: Language): Promise<void>;
}

/** What a global command does; undefined lets the active dialog take the message itself. */
export type CommandAction = (turn: CommandTurn) => Promise<DialogTurnResult | undefined>;
