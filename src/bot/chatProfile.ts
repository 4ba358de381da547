import type { StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type { Texts } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language';
import { chatAccountOf } from '../students/chatAccountOf';
import type { ChatMenus } from '../students/chatMenus';
import type { StudentRepository } from '../students/studentRepository';
import { setTurnLanguage } from './turnLanguage';

/** What the bot remembers about one chat account between conversations. */
export interface ChatProfile {
  language?: Language;
}

/**
 * The guests' chat menus: a guest's language switch changes their menu's language. (A
 * student's menu follows the student store, see `studentsWithChatMenus`.)
 */
export interface GuestMenus {
  menus: ChatMenus;
  students: Pick<StudentRepository, 'findByAccount'>;
}

/** Reads and changes the chat account's remembered preferences (its language). */
export class ChatProfiles {
  private readonly accessor: StatePropertyAccessor<ChatProfile>;

  constructor(
    private readonly userState: UserState,
    private readonly texts: Texts,
    private readonly guestMenus?: GuestMenus,
  ) {
    this.accessor = userState.createProperty<ChatProfile>('chatProfile');
  }

  get(context: TurnContext): Promise<ChatProfile> {
    return this.accessor.get(context, {});
  }

  /** Switches the language for this turn and every later one. */
  async setLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.get(context);
    // Until a language is stored, the guest sees the default menu, in the default language.
    const before = profile.language ?? DEFAULT_LANGUAGE;
    profile.language = language;
    await this.accessor.set(context, profile);
    setTurnLanguage(context, this.texts, language);
    if (language !== before) await this.showGuestMenu(context, language);
  }

  private async showGuestMenu(context: TurnContext, language: Language): Promise<void> {
    const account = chatAccountOf(context);
    if (!this.guestMenus || !account) return;
    const { menus, students } = this.guestMenus;
    if (await students.findByAccount(account)) return;
    await menus.show(account, 'guest', language);
  }
}
