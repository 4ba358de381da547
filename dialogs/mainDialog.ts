import { ActivityTypes, type TurnContext } from 'botbuilder';
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
import { GLOBAL_COMMANDS, type GlobalCommand } from './commands/globalCommands';
import { RequireStudentDialog } from './login/requireStudentDialog';
import { LocalizedChoicePrompt } from './prompts/localizedChoicePrompt';
import type { LocalizedChoice, LocalizedPromptOptions } from './prompts/phrase';
import { MY_ORDERS_DIALOG, MyOrdersDialog } from './orders/myOrdersDialog';
import { ORDER_DIALOG, OrderDialog, type OrderDialogOptions } from './orders/orderDialog';
import { parseOrderShortcut } from './orders/orderShortcut';
import { SETTINGS_DIALOG, SettingsDialog } from './settings/settingsDialog';

const MAIN_DIALOG = 'main';
const MENU = 'main.menu';
const MENU_PROMPT = 'main.menuPrompt';

export interface MainDialogDeps extends CommandAwareDeps {
  texts: Texts;
}

export interface MainDialogOptions {
  /** First contact: say who we are before the menu. */
  greet?: boolean;
}

/** The menu loop's options: an entry already picked by what the student typed. */
interface MenuOptions {
  /** A typed order shortcut: "apply" is taken as picked, with these answers. */
  order?: OrderDialogOptions;
}

type Shown = (student: Student | undefined) => boolean;
/** What picking an entry does: start a dialog, or run a global command as if its word was sent. */
type MenuAction = { dialog: string } | { command: GlobalCommand };

/** One menu entry: shown when `shown` says so, doing `action` when picked. */
interface MenuItem {
  choice: LocalizedChoice;
  shown: Shown;
  action: MenuAction;
}

/** An entry labelled `menu.<value>`. */
function menuItem(value: string, shown: Shown, action: MenuAction): MenuItem {
  return { choice: { value, label: { key: `menu.${value}` } }, shown, action };
}

const always: Shown = () => true;
const loggedIn: Shown = (student) => !!student;
const loggedOut: Shown = (student) => !student;
const MENU_ITEMS: MenuItem[] = [
  menuItem('apply', always, { dialog: ORDER_DIALOG }),
  menuItem('orders', loggedIn, { dialog: MY_ORDERS_DIALOG }),
  menuItem('login', loggedOut, { command: 'login' }),
  menuItem('settings', loggedIn, { dialog: SETTINGS_DIALOG }),
  menuItem('help', always, { command: 'help' }),
  menuItem('manual', always, { command: 'manual' }),
  menuItem('language', always, { command: 'language' }),
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

  /**
   * Besides the commands: at the menu (nothing else open), a typed order shortcut
   * (「成績証明書を2部」) starts the order with its answers. Inside a dialog, text stays that
   * dialog's answer.
   */
  protected override async interrupt(
    innerDc: DialogContext,
  ): Promise<DialogTurnResult | undefined> {
    const interrupted = await super.interrupt(innerDc);
    if (interrupted || this.isBusy(innerDc)) return interrupted;
    const { type, text } = innerDc.context.activity;
    if (type !== ActivityTypes.Message || !text) return undefined;
    const shortcut = parseOrderShortcut(text, this.mainDeps.services.catalogue);
    if (!shortcut) return undefined;
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(MENU, { order: { shortcut } } satisfies MenuOptions);
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
    if ((step.options as MenuOptions | undefined)?.order) return step.next('apply');
    const options: LocalizedPromptOptions = {
      phrases: { prompt: { key: 'menu.prompt' }, retry: { key: 'menu.retry' } },
    };
    return step.prompt(MENU_PROMPT, options);
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const action = MENU_ITEMS.find((item) => item.choice.value === step.result)?.action;
    if (!action) return step.next();
    if ('dialog' in action) {
      const { order } = (step.options ?? {}) as MenuOptions;
      return step.beginDialog(action.dialog, action.dialog === ORDER_DIALOG ? order : undefined);
    }
    // The menu's answer is taken: after the command, the loop step shows the menu afresh.
    const turn = { ...this.commandTurn(step), reprompt: () => step.next() };
    return (await GLOBAL_COMMANDS[action.command](turn)) ?? step.next();
  }

  private async loopStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.replaceDialog(MENU);
  }
}
