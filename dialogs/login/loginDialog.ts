import { MessageFactory, TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { chatDisplayName } from '../../src/auth/chatDisplayName';
import {
  DISPLAY_NAME_LOOKUP,
  LINK_TOKEN_ISSUER,
  type DisplayNameLookup,
  type LinkTokenIssuer,
} from '../../src/bot/botLogic';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import { cardAttachment } from '../../src/channels/card';
import { chatAccountOf } from '../../src/students/chatAccountOf';
import type { DialogServices } from '../dialogServices';
import { completeLoginEvent, isLoginEvent } from './loginEvents';

export const LOGIN_DIALOG = 'login';

interface LoginState {
  url: string;
}

/**
 * Logs the chat account in with the university ID: sends a card with a one-time login URL and
 * waits for the login event (the login page's `loggedIn`, or LINE's `accountLink`). Ends with
 * the student id, or undefined when the login failed.
 */
export class LoginDialog extends Dialog<LoginState> {
  constructor(private readonly services: DialogServices) {
    super(LOGIN_DIALOG);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const { context } = dc;
    const account = chatAccountOf(context);
    if (!account) return dc.endDialog(undefined);
    const bound = await this.services.students.findByAccount(account);
    if (bound) return dc.endDialog(bound.studentId);

    const issueLinkToken = context.turnState.get(LINK_TOKEN_ISSUER) as LinkTokenIssuer | undefined;
    // The login page names the account being linked; the lookup shares the profile the language
    // came from, so it rarely costs a call, and an unknown name just leaves it out.
    const lookupName = context.turnState.get(DISPLAY_NAME_LOOKUP) as DisplayNameLookup | undefined;
    const displayName = chatDisplayName(await lookupName?.());
    const reference = TurnContext.getConversationReference(context.activity);
    await this.services.conversations.save(account, reference);
    const request = await this.services.loginRequests.create({
      account,
      reference,
      language: turnLanguage(context),
      ...(displayName ? { displayName } : {}),
      linkToken: issueLinkToken ? await issueLinkToken() : undefined,
    });
    const url = `${this.services.publicUrl}/auth/login?request=${encodeURIComponent(request.id)}&lng=${request.language}`;
    dc.activeDialog!.state = { url } satisfies LoginState;
    await this.sendCard(context, url);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (isLoginEvent(dc.context)) {
      const student = await completeLoginEvent(dc.context, this.services);
      return dc.endDialog(student?.studentId);
    }
    await dc.context.sendActivity(turnT(dc.context)('login.waiting'));
    await this.sendCard(dc.context, (dc.activeDialog!.state as LoginState).url);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(
    context: TurnContext,
    instance: { state: LoginState },
  ): Promise<void> {
    await this.sendCard(context, instance.state.url);
  }

  private async sendCard(context: TurnContext, url: string): Promise<void> {
    const t = turnT(context);
    await context.sendActivity(
      MessageFactory.attachment(
        cardAttachment({
          title: t('login.cardTitle'),
          body: [t('login.cardBody')],
          buttons: [{ kind: 'link', label: t('login.button'), url }],
        }),
      ),
    );
  }
}
