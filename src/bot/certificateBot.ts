import {
  ActivityTypes,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogState,
  type DialogStateManagerConfiguration,
} from 'botbuilder-dialogs';
import type { Texts } from '../i18n/i18n';
import { languageFromLocale } from '../i18n/language';
import { LOCALE_LOOKUP, TURN_ID, type BotLogic, type LocaleLookup } from './botLogic';
import type { ChatProfiles } from './chatProfile';
import { GroupChatGuard } from './groupChatGuard';
import { setTurnLanguage } from './turnLanguage';
import { WRITTEN_ANYWAY } from './trackedState';
import { TurnCommits } from './turnCommits';
import { continueActiveDialog } from './continueActiveDialog';

export interface CertificateBotDeps {
  conversationState: ConversationState;
  userState: UserState;
  profiles: ChatProfiles;
  texts: Texts;
  /** The root dialog; it greets on `begin` and handles the commands that work at any step. */
  mainDialog: Dialog;
}

/**
 * The bot behind every channel: settles the turn's language, then hands the turn to the main
 * dialog and saves state. Channel adapters call {@link CertificateBot.run}. A group chat's turn
 * stops at the {@link GroupChatGuard}, before any of that.
 */
/**
 * The turn-state key under which botbuilder-dialogs keeps a turn's memory scopes and path
 * resolvers (`DialogStateManager`). Unless it finds them there, it builds them again for every
 * turn through its service collection (about 1 % of a LINE turn's CPU). They hold no
 * state of a turn (each scope reads the turn's state from the turn context it is given), so one
 * set serves every turn. Should a later botbuilder rename the key, turns only build their own
 * again.
 */
const DIALOG_MEMORY_CONFIGURATION = 'DialogStateManagerConfiguration';

export class CertificateBot {
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly commits: TurnCommits;
  private readonly dialogs: DialogSet;
  private readonly groupChats: GroupChatGuard;
  /** The dialogs' memory scopes, built on the first turn and lent to every later one. */
  private dialogMemory?: DialogStateManagerConfiguration;

  constructor(private readonly deps: CertificateBotDeps) {
    this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
    this.commits = new TurnCommits(deps.conversationState, deps.userState);
    this.dialogs = new DialogSet(this.dialogState).add(deps.mainDialog);
    this.groupChats = new GroupChatGuard(deps.profiles, deps.texts);
  }

  readonly run: BotLogic = async (context) => {
    const turnId = context.turnState.get(TURN_ID) as string | undefined;
    // A queued turn's commit always writes the conversation state: no need to tell it changed.
    if (turnId !== undefined) context.turnState.set(WRITTEN_ANYWAY, true);
    // Every turn reads both states: read together, they cost one round trip to storage, not two.
    await Promise.all([
      this.deps.conversationState.load(context),
      this.deps.userState.load(context),
    ]);
    if (turnId !== undefined && (await this.commits.resend(context, turnId))) return;
    // One place for every channel and every dialog: nothing personal is said in a group.
    if (await this.groupChats.intercept(context)) return;
    await this.settleLanguage(context);
    if (this.dialogMemory) context.turnState.set(DIALOG_MEMORY_CONFIGURATION, this.dialogMemory);
    const dc = await this.dialogs.createContext(context);
    this.dialogMemory ??= dc.state.configuration;
    if (isFirstContact(context)) {
      await dc.cancelAllDialogs();
      await dc.beginDialog(this.deps.mainDialog.id, { greet: true });
    } else if (isMessageOrEvent(context)) {
      // Platform events (account link, …) go to the active dialog like messages do.
      const result = await continueActiveDialog(dc);
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.deps.mainDialog.id);
    }
    // The turn's commit: its id and its held messages go in the same write as the state.
    await this.commits.save(context, turnId);
  };

  /** Stored choice first, then the platform's locale, then the university's language. */
  private async settleLanguage(context: TurnContext): Promise<void> {
    const profile = await this.deps.profiles.get(context);
    if (profile.language) {
      setTurnLanguage(context, this.deps.texts, profile.language);
      return;
    }
    const lookup = context.turnState.get(LOCALE_LOOKUP) as LocaleLookup | undefined;
    const locale = context.activity.locale ?? (await lookup?.());
    await this.deps.profiles.setLanguage(context, languageFromLocale(locale));
  }
}

function isMessageOrEvent(context: TurnContext): boolean {
  const { type } = context.activity;
  return type === ActivityTypes.Message || type === ActivityTypes.Event;
}

function isFirstContact(context: TurnContext): boolean {
  const { type, membersAdded, recipient } = context.activity;
  return (
    type === ActivityTypes.ConversationUpdate &&
    (membersAdded ?? []).some((member) => member.id !== recipient?.id)
  );
}
