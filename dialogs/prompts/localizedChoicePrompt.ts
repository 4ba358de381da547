import { MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { Prompt, type PromptRecognizerResult, type PromptValidator } from 'botbuilder-dialogs';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { Texts } from '../../src/i18n/i18n';
import {
  labelText,
  labelTexts,
  normalizeInput,
  type LocalizedChoice,
  type LocalizedPromptOptions,
  type Phrase,
} from './phrase';

/** A question with its choices as buttons, in the turn's language. */
export function choicesMessage(
  context: TurnContext,
  texts: Texts,
  question: Phrase,
  choices: LocalizedChoice[],
): Partial<Activity> {
  const language = turnLanguage(context);
  const labels = choices.map((choice) => labelText(texts, language, choice.label));
  return MessageFactory.suggestedActions(labels, turnT(context)(question.key, question.args));
}

/**
 * The choice a typed answer picks: its label in any language, its value, or its position
 * ("1", "2", …). Undefined when it picks none.
 */
export function recognizeChoice(
  texts: Texts,
  text: string | undefined,
  choices: LocalizedChoice[],
): LocalizedChoice | undefined {
  const answer = normalizeInput(text);
  if (!answer) return undefined;
  if (/^\d{1,2}$/.test(answer)) return choices[Number(answer) - 1];
  return choices.find(
    (choice) =>
      normalizeInput(choice.value) === answer ||
      labelTexts(texts, choice.label).some((label) => normalizeInput(label) === answer),
  );
}

/** Choices that depend on the moment (e.g. "Log in" only while logged out). */
export type ChoiceSource = (context: TurnContext) => Promise<LocalizedChoice[]>;

/**
 * Offers choices as buttons and recognises the answer with {@link recognizeChoice}. The retry
 * prompt keeps the buttons. With a {@link ChoiceSource}, the choices are worked out afresh each
 * turn, so a prompt asked again after the student logged in offers what is true now; within a
 * turn they are worked out once (a turn that recognises an answer and then asks again would
 * otherwise look the student up twice), so the buttons a turn shows are the ones it listened for.
 */
export class LocalizedChoicePrompt extends Prompt<string> {
  /** This prompt's choices in the current turn's state. */
  private readonly turnChoices = Symbol('turnChoices');

  constructor(
    dialogId: string,
    private readonly texts: Texts,
    validator?: PromptValidator<string>,
    private readonly source?: ChoiceSource,
  ) {
    super(dialogId, validator);
  }

  private async choices(
    context: TurnContext,
    options: LocalizedPromptOptions,
  ): Promise<LocalizedChoice[]> {
    if (!this.source) return options.phrases.choices ?? [];
    const known = context.turnState.get(this.turnChoices) as Promise<LocalizedChoice[]> | undefined;
    if (known) return known;
    const choices = this.source(context);
    context.turnState.set(this.turnChoices, choices);
    return choices;
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: LocalizedPromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const { prompt, retry } = options.phrases;
    const choices = await this.choices(context, options);
    await context.sendActivity(
      choicesMessage(context, this.texts, isRetry && retry ? retry : prompt, choices),
    );
  }

  protected async onRecognize(
    context: TurnContext,
    _state: object,
    options: LocalizedPromptOptions,
  ): Promise<PromptRecognizerResult<string>> {
    const choices = await this.choices(context, options);
    const picked = recognizeChoice(this.texts, context.activity.text, choices);
    return picked ? { succeeded: true, value: picked.value } : { succeeded: false };
  }
}
