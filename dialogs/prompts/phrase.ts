import type { PromptOptions } from 'botbuilder-dialogs';

/** A sentence by its locale key, rendered in the student's language at the moment it is sent. */
export interface Phrase {
  key: string;
  args?: Record<string, string | number>;
}

/** A choice whose label is translated at prompt time and recognised in every language. */
export interface LocalizedChoice {
  /** What the prompt returns when this choice is picked. */
  value: string;
  label: Phrase;
}

/**
 * Prompt options that keep keys, not text, in dialog state: a prompt repeated after a language
 * switch speaks the new language.
 */
export interface LocalizedPromptOptions extends PromptOptions {
  phrases: { prompt: Phrase; retry?: Phrase; choices?: LocalizedChoice[] };
}

/** Folds what a student types for matching: full-width to half-width, case, spaces. */
export function normalizeInput(text: string | undefined): string {
  return (text ?? '').normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}
