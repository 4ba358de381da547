import {
  WaterfallDialog,
  type Dialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { turnT } from '../src/bot/turnLanguage';
import type { Texts } from '../src/i18n/i18n';
import { CommandAwareDialog, type CommandAwareDeps } from './commandAwareDialog';
import { LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import type { LocalizedChoice, LocalizedPromptOptions } from './prompts/phrase';
import { helpMessage, manualCard } from './supportMessages';

export const MAIN_DIALOG = 'main';
const MENU = 'main.menu';
const MENU_PROMPT = 'main.menuPrompt';

/** A menu entry that starts a dialog of its own (orders, settings, …). */
export interface MenuFeature {
  choice: LocalizedChoice;
  dialog: Dialog;
}

export interface MainDialogDeps extends CommandAwareDeps {
  texts: Texts;
  features?: MenuFeature[];
}

export interface MainDialogOptions {
  /** First contact: say who we are before the menu. */
  greet?: boolean;
}

const BUILT_IN_CHOICES: LocalizedChoice[] = [
  { value: 'help', label: { key: 'menu.help' } },
  { value: 'manual', label: { key: 'menu.manual' } },
  { value: 'language', label: { key: 'menu.language' } },
];

/** Greets, offers the menu, runs the chosen feature and comes back to the menu. */
export class MainDialog extends CommandAwareDialog {
  private readonly features: MenuFeature[];

  constructor(private readonly mainDeps: MainDialogDeps) {
    super(MAIN_DIALOG, mainDeps);
    this.features = mainDeps.features ?? [];
    this.addDialog(new LocalizedChoicePrompt(MENU_PROMPT, mainDeps.texts));
    this.addDialog(
      new WaterfallDialog(MENU, [
        this.askStep.bind(this),
        this.routeStep.bind(this),
        this.loopStep.bind(this),
      ]),
    );
    for (const feature of this.features) this.addDialog(feature.dialog);
    this.initialDialogId = MENU;
  }

  protected override async onBeginDialog(
    innerDc: DialogContext,
    options?: MainDialogOptions,
  ): Promise<DialogTurnResult> {
    if (options?.greet) {
      await innerDc.context.sendActivity(turnT(innerDc.context)('welcome'));
      return this.showMenu(innerDc);
    }
    // A message that starts a conversation may itself be a command ("help" as a first word).
    return (await this.interrupt(innerDc)) ?? this.showMenu(innerDc);
  }

  protected showMenu(innerDc: DialogContext): Promise<DialogTurnResult> {
    return innerDc.beginDialog(MENU);
  }

  protected isBusy(innerDc: DialogContext): boolean {
    return innerDc.stack.some((entry) => entry.id !== MENU && entry.id !== MENU_PROMPT);
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options: LocalizedPromptOptions = {
      phrases: {
        prompt: { key: 'menu.prompt' },
        retry: { key: 'menu.retry' },
        choices: [...this.features.map((feature) => feature.choice), ...BUILT_IN_CHOICES],
      },
    };
    return step.prompt(MENU_PROMPT, options);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = turnT(step.context);
    const choice = step.result as string;
    const feature = this.features.find((f) => f.choice.value === choice);
    if (feature) return step.beginDialog(feature.dialog.id);
    if (choice === 'help') await step.context.sendActivity(helpMessage(t, this.mainDeps.support));
    if (choice === 'manual') await step.context.sendActivity(manualCard(t, this.mainDeps.support));
    if (choice === 'language') await this.toggleLanguage(step.context);
    return step.next();
  }

  private async loopStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(MENU);
  }
}
