import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Texts } from '../i18n/i18n';
import { isLanguage, LANGUAGES, type Language } from '../i18n/language';
import { LOCALE_LOOKUP, type LocaleLookup } from './botLogic';
import type { ChatProfiles } from './chatProfile';

/** Conversation types of chats with several people (LINE group / room, Teams group chat / channel). */
const GROUP_TYPES: readonly string[] = ['group', 'room', 'groupChat', 'channel'];

/** Whether the turn happens where other people read along (a group chat, not a 1:1 chat). */
function isGroupChat(context: TurnContext): boolean {
  const conversation = context.activity.conversation;
  return (
    conversation?.isGroup === true || GROUP_TYPES.includes(conversation?.conversationType ?? '')
  );
}

/**
 * Keeps the bot out of group chats, where every member reads what the bot says: in a group no
 * dialog runs and nothing is stored (no dialog state, no language choice, no conversation to
 * continue later, hence no proactive message into the group, and no account binding). A
 * message, a postback or the bot being added is answered only with the request to talk one to
 * one; other turns (a platform event such as an account link, a proactive event) get no answer.
 */
export class GroupChatGuard {
  constructor(
    private readonly profiles: ChatProfiles,
    private readonly texts: Texts,
  ) {}

  /** True when the turn is a group chat's: it was answered here and the bot must stop. */
  async intercept(context: TurnContext): Promise<boolean> {
    if (!isGroupChat(context)) return false;
    if (!wantsAnswer(context)) return true;
    const language = await this.knownLanguage(context);
    // A sender whose language is unknown reads both, the university's language first.
    const languages = language ? [language] : LANGUAGES;
    await context.sendActivities(
      languages.map((lng) => ({
        type: ActivityTypes.Message,
        text: this.texts.t(lng)('groupChat.oneToOne'),
      })),
    );
    return true;
  }

  /** The sender's stored choice, else the platform's locale when it is one we speak. */
  private async knownLanguage(context: TurnContext): Promise<Language | undefined> {
    // Reads only: the bot saves no state for a group turn.
    const stored = (await this.profiles.get(context)).language;
    if (stored) return stored;
    const lookup = context.turnState.get(LOCALE_LOOKUP) as LocaleLookup | undefined;
    const locale = context.activity.locale ?? (await lookup?.());
    const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
    return isLanguage(primary) ? primary : undefined;
  }
}

function wantsAnswer(context: TurnContext): boolean {
  const { type, membersAdded, recipient } = context.activity;
  if (type === ActivityTypes.Message) return true;
  // Only the bot's own arrival: members joining later would make the bot repeat itself.
  return (
    type === ActivityTypes.ConversationUpdate &&
    (membersAdded ?? []).some((member) => member.id === recipient?.id)
  );
}
