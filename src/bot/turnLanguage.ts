import type { TurnContext } from 'botbuilder';
import type { Texts, Translate } from '../i18n/i18n';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language';

const LANGUAGE = Symbol('turnLanguage');
const TRANSLATE = Symbol('turnTranslate');

/** Fixes the language of the rest of this turn (the bot sets it first; a switch resets it). */
export function setTurnLanguage(context: TurnContext, texts: Texts, language: Language): void {
  context.turnState.set(LANGUAGE, language);
  context.turnState.set(TRANSLATE, texts.t(language));
}

/** The student's language for this turn. */
export function turnLanguage(context: TurnContext): Language {
  return (context.turnState.get(LANGUAGE) as Language | undefined) ?? DEFAULT_LANGUAGE;
}

/** The translate function of this turn (namespace `bot`). */
export function turnT(context: TurnContext): Translate {
  const t = context.turnState.get(TRANSLATE) as Translate | undefined;
  if (!t) throw new Error('No language was set for this turn; the bot sets it before dialogs run.');
  return t;
}
