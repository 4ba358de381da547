import { MessageFactory, type TurnContext } from 'botbuilder';
import { Prompt, type PromptRecognizerResult } from 'botbuilder-dialogs';
import { turnT } from '../../src/bot/turnLanguage';
import type { LocalizedPromptOptions, Phrase } from './phrase';

/**
 * Checks a typed answer. Returns undefined to accept it, or the phrase that explains what is
 * wrong; the prompt then says that phrase and asks again.
 */
export type TextCheck = (
  text: string,
  context: TurnContext,
  options: LocalizedPromptOptions,
) => Promise<Phrase | undefined>;

const REJECTION = 'rejection';

/**
 * Asks for free text and checks it. Unlike botbuilder's TextPrompt, the retry says exactly
 * why the answer was refused (in the student's current language) before asking again. Quick
 * replies ({@link LocalizedPromptOptions.suggestions}) only save typing: they send their text.
 */
export class LocalizedTextPrompt extends Prompt<string> {
  constructor(
    dialogId: string,
    private readonly check: TextCheck = async () => undefined,
  ) {
    super(dialogId, async (prompt) => {
      if (!prompt.recognized.succeeded) return false;
      const rejection = await this.check(
        prompt.recognized.value ?? '',
        prompt.context,
        prompt.options as LocalizedPromptOptions,
      );
      (prompt.state as Record<string, unknown>)[REJECTION] = rejection;
      return rejection === undefined;
    });
  }

  protected async onPrompt(
    context: TurnContext,
    state: Record<string, unknown>,
    options: LocalizedPromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    const t = turnT(context);
    const { prompt, retry, refused } = options.phrases;
    const rejection = isRetry ? (state[REJECTION] as Phrase | undefined) : refused;
    const ask = isRetry && retry ? retry : prompt;
    const lines = rejection
      ? [t(rejection.key, rejection.args), t(ask.key, ask.args)]
      : [t(ask.key, ask.args)];
    const text = lines.join('\n');
    await context.sendActivity(
      options.suggestions?.length
        ? MessageFactory.suggestedActions(options.suggestions, text)
        : MessageFactory.text(text),
    );
  }

  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<string>> {
    const text = context.activity.text;
    return typeof text === 'string' && text.length > 0
      ? { succeeded: true, value: text }
      : { succeeded: false };
  }
}
