import type { TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { CHAT_EVENTS } from '../src/turns/chatEvents';
import type { DialogServices } from './dialogServices';
import { AWAIT_EMAIL_CONFIRMATION } from './email/awaitEmailConfirmationDialog';
import { announceEmailConfirmed, isEmailConfirmedEvent } from './email/emailAnnouncements';
import { innermostDialogId } from './innermostDialogId';
import { LOGIN_DIALOG } from './login/loginDialog';
import { completeLoginEvent, isLoginEvent } from './login/loginEvents';
import { REQUIRE_STUDENT } from './login/requireStudentDialog';
import { orderUpdateNews, reminderNews } from './orders/orderEvents';

/** An event as the root dialog hands it on, and what answering it may do. */
export interface EventTurn {
  /** The root dialog's inner stack. */
  readonly dc: DialogContext;
  readonly services: DialogServices;
  /** Asks again what the event interrupted; the menu when nothing was being asked. */
  reprompt(): Promise<DialogTurnResult>;
}

interface EventRoute {
  /** True for the events this route answers, given the dialog waiting for the next message. */
  matches(context: TurnContext, waiting: string | undefined): boolean;
  answer(turn: EventTurn): Promise<DialogTurnResult>;
}

const EVENT_ROUTES: EventRoute[] = [
  {
    matches: (context, waiting) => isLoginEvent(context) && waiting !== LOGIN_DIALOG,
    answer: async (turn) => {
      const student = await completeLoginEvent(turn.dc.context, turn.services);
      // A first login goes on to the email registration, wherever the student was.
      if (student && !student.email) return turn.dc.beginDialog(REQUIRE_STUDENT);
      return turn.reprompt();
    },
  },
  {
    matches: (context, waiting) =>
      isEmailConfirmedEvent(context) && waiting !== AWAIT_EMAIL_CONFIRMATION,
    answer: async (turn) => {
      await announceEmailConfirmed(turn.dc.context);
      return turn.reprompt();
    },
  },
  {
    matches: (context) => context.activity.name === CHAT_EVENTS.orderUpdated,
    answer: async (turn) => {
      const news = await orderUpdateNews(turn.dc.context, turn.services);
      // A change the student made in the chat (choosing how to pay) is not news.
      if (news?.length === 0) return Dialog.EndOfTurn;
      if (news) await turn.dc.context.sendActivities(news);
      return turn.reprompt();
    },
  },
  {
    matches: (context) => context.activity.name === CHAT_EVENTS.orderReminder,
    answer: async (turn) => {
      const news = await reminderNews(turn.dc.context, turn.services);
      // Paid, printed or past its deadline since the reminder was queued: nothing to say.
      if (news.length === 0) return Dialog.EndOfTurn;
      await turn.dc.context.sendActivities(news);
      return turn.reprompt();
    },
  },
];

/**
 * Answers an event from outside the chat (a login, a confirmed address, an order that moved on,
 * a deadline reminder) that arrives while the student is elsewhere in the conversation, then
 * asks the current question again. Undefined for an event the waiting dialog takes itself
 * (the login dialog its login, the email dialog its confirmation) and for unknown events.
 */
export async function routeEvent(turn: EventTurn): Promise<DialogTurnResult | undefined> {
  const waiting = innermostDialogId(turn.dc);
  const route = EVENT_ROUTES.find((candidate) => candidate.matches(turn.dc.context, waiting));
  return route?.answer(turn);
}
