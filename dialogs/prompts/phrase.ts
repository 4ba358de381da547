import type { PromptOptions } from 'botbuilder-dialogs';
import type { Texts } from '../../src/i18n/i18n';
import { LANGUAGES, type Language } from '../../src/i18n/language';

/** A sentence by its locale key, rendered in the student's language at the moment it is sent. */
export interface Phrase {
  key: string;
  args?: Record<string, string | number>;
}

/** Text given in both languages by data (a catalogue's certificate names), not by locale keys. */
export type Bilingual = Record<Language, string>;

/** A choice whose label is translated at prompt time and recognised in every language. */
export interface LocalizedChoice {
  /** What the prompt returns when this choice is picked. */
  value: string;
  label: Phrase | Bilingual;
}

function isPhrase(label: Phrase | Bilingual): label is Phrase {
  return 'key' in label;
}

/** A choice label in one language. */
export function labelText(texts: Texts, language: Language, label: Phrase | Bilingual): string {
  return isPhrase(label) ? texts.t(language)(label.key, label.args) : label[language];
}

/** A choice label in every language, to recognise it whichever the student types. */
export function labelTexts(texts: Texts, label: Phrase | Bilingual): string[] {
  return LANGUAGES.map((language) => labelText(texts, language, label));
}

/**
 * Prompt options that keep keys, not text, in dialog state: a prompt repeated after a language
 * switch speaks the new language.
 */
export interface LocalizedPromptOptions extends PromptOptions {
  phrases: {
    prompt: Phrase;
    retry?: Phrase;
    choices?: LocalizedChoice[];
    /**
     * Said before the first prompt: an answer given in advance (a typed order shortcut) was
     * refused for this reason, exactly as a typed answer would be.
     */
    refused?: Phrase;
  };
  /** Quick replies a text prompt offers beside typing; words alike in every language ("1"…"5"). */
  suggestions?: string[];
}

/** Folds what a student types for matching: full-width to half-width, case, spaces. */
export function normalizeInput(text: string | undefined): string {
  return (text ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
