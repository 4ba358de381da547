import type { Texts } from '../../src/i18n/i18n';
import { LANGUAGES } from '../../src/i18n/language';
import { normalizeInput } from '../prompts/phrase';

/** The commands that work at any step of any dialog. */
export const GLOBAL_COMMANDS = [
  'help',
  'menu',
  'cancel',
  'manual',
  'language',
  'english',
  'japanese',
  'login',
  'resend',
] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];

/**
 * Recognises a global command typed in either language ("help", "ヘルプ", "ＨＥＬＰ"). Only a
 * message that is the command word itself counts, so "help me with my transcript" is not one.
 */
export class GlobalCommandRecognizer {
  private readonly words = new Map<string, GlobalCommand>();

  constructor(texts: Texts) {
    for (const command of GLOBAL_COMMANDS) {
      for (const language of LANGUAGES) {
        for (const word of texts.raw<string[]>(language, `commands.${command}`)) {
          this.words.set(normalizeInput(word), command);
        }
      }
    }
  }

  recognize(text: string | undefined): GlobalCommand | undefined {
    return this.words.get(normalizeInput(text));
  }
}
