import type { StatePropertyAccessor, TurnContext, UserState } from 'botbuilder';
import type { Texts } from '../i18n/i18n';
import type { Language } from '../i18n/language';
import { setTurnLanguage } from './turnLanguage';

/** What the bot remembers about one chat account between conversations. */
export interface ChatProfile {
  language?: Language;
}

/** Reads and changes the chat account's remembered preferences (its language). */
export class ChatProfiles {
  private readonly accessor: StatePropertyAccessor<ChatProfile>;

  constructor(
    private readonly userState: UserState,
    private readonly texts: Texts,
  ) {
    this.accessor = userState.createProperty<ChatProfile>('chatProfile');
  }

  get(context: TurnContext): Promise<ChatProfile> {
    return this.accessor.get(context, {});
  }

  /** Switches the language for this turn and every later one. */
  async setLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.get(context);
    profile.language = language;
    await this.accessor.set(context, profile);
    setTurnLanguage(context, this.texts, language);
  }
}
