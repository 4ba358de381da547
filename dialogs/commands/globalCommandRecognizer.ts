import type { Texts } from '../../src/i18n/i18n';
import { LANGUAGES } from '../../src/i18n/language';
import { normalizeInput } from '../prompts/phrase';
import { GLOBAL_COMMANDS, type GlobalCommand } from './globalCommands';

/**
 * Recognises a global command typed in either language ("help", "ヘルプ", "ＨＥＬＰ"). Only a
 * message that is the command word itself counts, so "help me with my transcript" is not one.
 */
export class GlobalCommandRecognizer {
  private readonly words = new Map<string, GlobalCommand>();

  constructor(texts: Texts) {
    for (const command of Object.keys(GLOBAL_COMMANDS) as GlobalCommand[]) {
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
