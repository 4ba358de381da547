import { MessageFactory, type TurnContext } from 'botbuilder';
import { Prompt, type PromptRecognizerResult, type PromptValidator } from 'botbuilder-dialogs';
import { turnT } from '../../src/bot/turnLanguage';
import type { Texts } from '../../src/i18n/i18n';
import { normalizeInput, type LocalizedPromptOptions } from './phrase';

/**
 * Offers choices as buttons and recognises the answer by its label in any language, by its
 * value, or by its position ("1", "2", …). The retry prompt keeps the buttons.
 */
export class LocalizedChoicePrompt extends Prompt<string> {
  constructor(
    dialogId: string,
    private readonly texts: Texts,
    validator?: PromptValidator<string>,
  ) {
    super(dialogId, validator);
  }

  protected async onPrompt(
    context: TurnContext,
    _state: object,
    options: LocalizedPromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const t = turnT(context);
    const { prompt, retry, choices = [] } = options.phrases;
    const phrase = isRetry && retry ? retry : prompt;
    const labels = choices.map((choice) => t(choice.label.key, choice.label.args));
    await context.sendActivity(MessageFactory.suggestedActions(labels, t(phrase.key, phrase.args)));
  }

  protected async onRecognize(
    context: TurnContext,
    _state: object,
    options: LocalizedPromptOptions,
  ): Promise<PromptRecognizerResult<string>> {
    const answer = normalizeInput(context.activity.text);
    const choices = options.phrases.choices ?? [];
    if (!answer) return { succeeded: false };
    const byPosition = /^\d{1,2}$/.test(answer) ? choices[Number(answer) - 1] : undefined;
    const picked =
      byPosition ??
      choices.find(
        (choice) =>
          normalizeInput(choice.value) === answer ||
          this.texts.all(choice.label.key).some((label) => normalizeInput(label) === answer),
      );
    return picked ? { succeeded: true, value: picked.value } : { succeeded: false };
  }
}
