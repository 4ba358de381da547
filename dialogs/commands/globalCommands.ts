import type { Activity } from 'botbuilder';
import type { DialogTurnResult } from 'botbuilder-dialogs';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { Translate } from '../../src/i18n/i18n';
import type { Language } from '../../src/i18n/language';
import { AWAIT_EMAIL_CONFIRMATION } from '../email/awaitEmailConfirmationDialog';
import { innermostDialogId } from '../innermostDialogId';
import { LOGIN_DIALOG } from '../login/loginDialog';
import { REQUIRE_STUDENT, type RequireStudentOptions } from '../login/requireStudentDialog';
import { helpMessage, manualCard } from '../supportMessages';
import type { CommandAction, CommandTurn } from './commandTurn';

/** Sends a reply, then asks the interrupted question again. */
function reply(message: (t: Translate, turn: CommandTurn) => Partial<Activity>): CommandAction {
  return async (turn) => {
    await turn.dc.context.sendActivity(message(turnT(turn.dc.context), turn));
    return turn.reprompt();
  };
}

/** Switches the language, then asks again: prompts keep locale keys, so in the new language. */
function switchLanguage(to: (current: Language) => Language): CommandAction {
  return async (turn) => {
    await turn.changeLanguage(to(turnLanguage(turn.dc.context)));
    return turn.reprompt();
  };
}

/** Logs in and registers an address, whichever of the two is missing. */
function requireStudent(turn: CommandTurn): Promise<DialogTurnResult> {
  return turn.dc.beginDialog(REQUIRE_STUDENT, { explicit: true } satisfies RequireStudentOptions);
}

/** Closes whatever is open and starts the menu afresh. */
async function menu(turn: CommandTurn): Promise<DialogTurnResult> {
  await turn.dc.cancelAllDialogs();
  return turn.showMenu();
}

/** Closes whatever is open and says so; at the menu, says there is nothing to cancel. */
async function cancel(turn: CommandTurn): Promise<DialogTurnResult> {
  const t = turnT(turn.dc.context);
  if (!turn.isBusy()) {
    await turn.dc.context.sendActivity(t('cancel.nothing'));
    return turn.reprompt();
  }
  await turn.dc.cancelAllDialogs();
  await turn.dc.context.sendActivity(t('cancel.done'));
  return turn.showMenu();
}

/**
 * The commands that work at any step of any dialog, and what each does. A command's words are
 * `commands.<name>` in the locales, recognised in both languages whichever the chat speaks; the
 * root dialog runs a command whenever its word is sent, the menu when its entry is picked.
 */
export const GLOBAL_COMMANDS = {
  help: reply((t, turn) => helpMessage(t, turn.support)),
  menu,
  cancel,
  manual: reply((t, turn) => manualCard(t, turn.support)),
  language: switchLanguage((current) => (current === 'ja' ? 'en' : 'ja')),
  english: switchLanguage(() => 'en'),
  japanese: switchLanguage(() => 'ja'),
  login: async (turn) =>
    innermostDialogId(turn.dc) === LOGIN_DIALOG ? turn.reprompt() : requireStudent(turn),
  // The waiting email dialog resends the mail itself; anywhere else, finish what is missing.
  resend: async (turn) =>
    innermostDialogId(turn.dc) === AWAIT_EMAIL_CONFIRMATION ? undefined : requireStudent(turn),
} satisfies Record<string, CommandAction>;

export type GlobalCommand = keyof typeof GLOBAL_COMMANDS;
