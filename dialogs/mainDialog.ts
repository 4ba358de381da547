import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { turnT } from '../src/bot/turnLanguage';
import type { Texts } from '../src/i18n/i18n';
import { chatAccountOf } from '../src/students/chatAccountOf';
import type { Student } from '../src/students/student';
import { CommandAwareDialog, type CommandAwareDeps } from './commandAwareDialog';
import {
  REQUIRE_STUDENT,
  RequireStudentDialog,
  type RequireStudentOptions,
} from './login/requireStudentDialog';
import { LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import type { LocalizedChoice, LocalizedPromptOptions } from './prompts/phrase';
import { MY_ORDERS_DIALOG, MyOrdersDialog } from './orders/myOrdersDialog';
import { ORDER_DIALOG, OrderDialog } from './orders/orderDialog';
import { SETTINGS_DIALOG, SettingsDialog } from './settings/settingsDialog';
import { helpMessage, manualCard } from './supportMessages';

export const MAIN_DIALOG = 'main';
const MENU = 'main.menu';
const MENU_PROMPT = 'main.menuPrompt';

export interface MainDialogDeps extends CommandAwareDeps {
  texts: Texts;
}

export interface MainDialogOptions {
  /** First contact: say who we are before the menu. */
  greet?: boolean;
}

/** One menu entry: shown when `shown` says so, started by `start`. */
interface MenuItem {
  choice: LocalizedChoice;
  shown: (student: Student | undefined) => boolean;
}

const always = () => true;
const MENU_ITEMS: MenuItem[] = [
  { choice: { value: 'apply', label: { key: 'menu.apply' } }, shown: always },
  { choice: { value: 'orders', label: { key: 'menu.orders' } }, shown: (student) => !!student },
  { choice: { value: 'login', label: { key: 'menu.login' } }, shown: (student) => !student },
  { choice: { value: 'settings', label: { key: 'menu.settings' } }, shown: (student) => !!student },
  { choice: { value: 'help', label: { key: 'menu.help' } }, shown: always },
  { choice: { value: 'manual', label: { key: 'menu.manual' } }, shown: always },
  { choice: { value: 'language', label: { key: 'menu.language' } }, shown: always },
];

/** Greets, offers the menu, runs the chosen entry and comes back to the menu. */
export class MainDialog extends CommandAwareDialog {
  constructor(private readonly mainDeps: MainDialogDeps) {
    super(MAIN_DIALOG, mainDeps);
    this.addDialog(
      new LocalizedChoicePrompt(MENU_PROMPT, mainDeps.texts, undefined, (context) =>
        this.menuChoices(context),
      ),
    );
    this.addDialog(new RequireStudentDialog(mainDeps.services, mainDeps.texts));
    this.addDialog(new SettingsDialog(mainDeps.services, mainDeps.texts));
    this.addDialog(new OrderDialog(mainDeps.services, mainDeps.texts));
    this.addDialog(new MyOrdersDialog(mainDeps.services, mainDeps.texts));
    this.addDialog(
      new WaterfallDialog(MENU, [
        this.askStep.bind(this),
        this.routeStep.bind(this),
        this.loopStep.bind(this),
      ]),
    );
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

  /** The menu as it stands for this chat account now. */
  private async menuChoices(context: TurnContext): Promise<LocalizedChoice[]> {
    const account = chatAccountOf(context);
    const student = account && (await this.mainDeps.services.students.findByAccount(account));
    return MENU_ITEMS.filter((item) => item.shown(student)).map((item) => item.choice);
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options: LocalizedPromptOptions = {
      phrases: { prompt: { key: 'menu.prompt' }, retry: { key: 'menu.retry' } },
    };
    return step.prompt(MENU_PROMPT, options);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const t = turnT(step.context);
    switch (step.result as string) {
      case 'login':
        return step.beginDialog(REQUIRE_STUDENT, {
          explicit: true,
        } satisfies RequireStudentOptions);
      case 'settings':
        return step.beginDialog(SETTINGS_DIALOG);
      case 'apply':
        return step.beginDialog(ORDER_DIALOG);
      case 'orders':
        return step.beginDialog(MY_ORDERS_DIALOG);
      case 'help':
        await step.context.sendActivity(helpMessage(t, this.mainDeps.support));
        break;
      case 'manual':
        await step.context.sendActivity(manualCard(t, this.mainDeps.support));
        break;
      case 'language':
        await this.toggleLanguage(step.context);
        break;
    }
    return step.next();
  }

  private async loopStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(MENU);
  }
}
