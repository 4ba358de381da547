import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import {
  Dialog,
  DialogContext,
  DialogContextError,
  DialogSet,
  DialogTurnStatus,
  Prompt,
  type PromptRecognizerResult,
  WaterfallDialog,
  type DialogEvent,
  type DialogState,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { LocalizedChoicePrompt } from '../../dialogs/prompts/localizedChoicePrompt';
import { LocalizedTextPrompt } from '../../dialogs/prompts/localizedTextPrompt';
import { continueActiveDialog, DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import type { Texts } from '../../src/i18n/i18n';
import type { DirectoryEntry } from '../../src/students/student';
import { dialogBot } from '../support/dialogBot';
import { TARO } from '../support/printFixtures';
import { loadTexts } from '../support/texts';

/** Counts the events it sees and the turns it is continued; waits for ever. */
class Listener extends Dialog {
  events: string[] = [];
  continued = 0;
  async beginDialog(): Promise<DialogTurnResult> {
    return Dialog.EndOfTurn;
  }
  override async continueDialog(_dc: DialogContext): Promise<DialogTurnResult> {
    this.continued += 1;
    return Dialog.EndOfTurn;
  }
  protected override async onPreBubbleEvent(_dc: DialogContext, e: DialogEvent) {
    this.events.push(e.name);
    return false;
  }
}

/** A component dialog with a prompt inside, whose recognitions are counted. */
class Asking extends DirectComponentDialog {
  constructor(readonly prompt: CountingPrompt) {
    super('asking');
    this.addDialog(prompt);
    this.addDialog(
      new WaterfallDialog('steps', [
        (step) => step.prompt('name', {}),
        async (step) => step.endDialog(step.result),
      ]),
    );
  }
}

/** A prompt as ours are (botbuilder's `Prompt`, whose recognition also runs on the event). */
class CountingPrompt extends Prompt<string> {
  recognitions = 0;
  constructor(id: string) {
    super(id);
  }
  protected async onPrompt(context: TurnContext): Promise<void> {
    await context.sendActivity('Name?');
  }
  protected async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<string>> {
    this.recognitions += 1;
    const { text } = context.activity;
    return text ? { succeeded: true, value: text } : { succeeded: false };
  }
}

/** Runs `turn` on a fresh DialogSet holding `dialog`, once per text. */
async function turns(
  dialog: Dialog,
  texts: string[],
  turn: (dc: DialogContext) => Promise<DialogTurnResult>,
): Promise<DialogTurnResult[]> {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState')).add(dialog);
  const results: DialogTurnResult[] = [];
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    const result = await turn(dc);
    results.push(
      result.status === DialogTurnStatus.empty ? await dc.beginDialog(dialog.id) : result,
    );
    await state.saveChanges(context);
  });
  for (const text of texts) await adapter.send(text).startTest();
  return results;
}

describe('continueActiveDialog', () => {
  it('continues the active dialog without raising activityReceived (botbuilder raises it)', async () => {
    const quiet = new Listener('listener');
    await turns(quiet, ['one', 'two', 'three'], continueActiveDialog);
    expect(quiet.continued).toBe(2);
    expect(quiet.events).toEqual([]);

    const loud = new Listener('listener');
    await turns(loud, ['one', 'two', 'three'], (dc) => dc.continueDialog());
    expect(loud.continued).toBe(2);
    expect(loud.events).toEqual(['activityReceived', 'activityReceived']);
  });

  it('has a prompt inside a component recognise an answer once (botbuilder: twice)', async () => {
    const direct = new Asking(new CountingPrompt('name'));
    const [, answered] = await turns(direct, ['hi', 'Taro'], continueActiveDialog);
    expect(answered.status).toBe(DialogTurnStatus.complete);
    expect(direct.prompt.recognitions).toBe(1);

    const usual = new Asking(new CountingPrompt('name'));
    const [, same] = await turns(usual, ['hi', 'Taro'], (dc) => dc.continueDialog());
    expect(same).toEqual(answered);
    expect(usual.prompt.recognitions).toBe(2);
  });

  it('is empty with nothing on the stack', async () => {
    const listener = new Listener('listener');
    const seen: DialogTurnResult[] = [];
    await turns(listener, ['one'], async (dc) => {
      const result = await continueActiveDialog(dc);
      seen.push(result);
      return result;
    });
    expect(seen).toEqual([{ status: DialogTurnStatus.empty }]);
  });

  it('names the stack in a DialogContextError, as botbuilder does, and passes one through', async () => {
    const thrown = new Error('step failed');
    class Failing extends Listener {
      override async continueDialog(): Promise<DialogTurnResult> {
        throw thrown;
      }
    }
    const errors: unknown[] = [];
    const catching = (run: (dc: DialogContext) => Promise<DialogTurnResult>) => {
      return async (dc: DialogContext) => {
        try {
          return await run(dc);
        } catch (err) {
          errors.push(err);
          return Dialog.EndOfTurn;
        }
      };
    };
    await turns(new Failing('failing'), ['one', 'two'], catching(continueActiveDialog));
    await turns(
      new Failing('failing'),
      ['one', 'two'],
      catching((dc) => dc.continueDialog()),
    );
    const [ours, theirs] = errors as DialogContextError[];
    expect(ours).toBeInstanceOf(DialogContextError);
    expect(ours.error).toBe(thrown);
    expect(ours.message).toBe('step failed');
    expect(ours.dialogContext).toEqual(theirs.dialogContext);
    expect(ours.dialogContext.activeDialog).toBe('failing');

    let already: DialogContextError | undefined;
    class Rethrowing extends Listener {
      override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
        already = new DialogContextError('inner', dc);
        throw already;
      }
    }
    errors.length = 0;
    await turns(new Rethrowing('again'), ['one', 'two'], catching(continueActiveDialog));
    expect(errors).toEqual([already]);
  });

  it('refuses a stack naming a dialog the set does not have', async () => {
    const errors: unknown[] = [];
    await turns(new Listener('listener'), ['one'], async (dc) => {
      dc.stack.push({ id: 'ghost', state: {} });
      await continueActiveDialog(dc).catch((err: unknown) => errors.push(err));
      dc.stack.pop();
      return { status: DialogTurnStatus.empty };
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DialogContextError);
    expect((errors[0] as Error).message).toContain("'ghost' wasn't found");
  });
});

describe('the bot continues its dialogs without activityReceived', () => {
  let texts: Texts;
  beforeAll(async () => {
    texts = await loadTexts();
  });
  afterEach(() => jest.restoreAllMocks());

  it('recognises each answer once, through every nested component of an order', async () => {
    const taro: DirectoryEntry = { ...TARO, year: 4, finalYear: true };
    const account = { channel: 'webchat', accountId: 'direct-student' } as const;
    const { services, say } = await dialogBot({
      locale: 'ja-JP',
      channelId: account.channel,
      from: { id: account.accountId, name: 'student' },
    });
    await services.students.login(taro, account);
    await services.students.setEmail(taro.studentId, 'taro@example.ac.jp');
    const ja = texts.t('ja');
    await say('こんにちは');

    const botbuilderContinue = jest.spyOn(DialogContext.prototype, 'continueDialog');
    type Recognising = { onRecognize: (...args: unknown[]) => Promise<unknown> };
    const choice = jest.spyOn(
      LocalizedChoicePrompt.prototype as unknown as Recognising,
      'onRecognize',
    );
    const text = jest.spyOn(LocalizedTextPrompt.prototype as unknown as Recognising, 'onRecognize');
    const recognitions: number[] = [];
    const answers = [
      ja('menu.apply'),
      '成績証明書',
      ja('order.languageJa'),
      '2',
      ja('order.noMore'),
      '1',
    ];
    let replies: Awaited<ReturnType<typeof say>> = [];
    for (const answer of answers) {
      const before = choice.mock.calls.length + text.mock.calls.length;
      replies = await say(answer);
      recognitions.push(choice.mock.calls.length + text.mock.calls.length - before);
    }
    // The menu's answer, then one answer to each prompt of the order dialog and its parts.
    expect(recognitions).toEqual([1, 1, 1, 1, 1, 1]);
    expect(replies.map((r) => r.text)[1]).toBe(ja('order.summaryTitle'));
    expect(botbuilderContinue).not.toHaveBeenCalled();
  });
});

/** Every `.ts` file under `dir`. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesUnder(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

it('has every component dialog of the bot continue its inner dialog directly', () => {
  const root = resolve(__dirname, '..', '..');
  const files = [...sourcesUnder(join(root, 'dialogs')), ...sourcesUnder(join(root, 'src'))];
  const plain = files
    .filter((file) =>
      /\bextends\s+ComponentDialog\b|new\s+ComponentDialog\b/.test(readFileSync(file, 'utf8')),
    )
    .map((file) => relative(root, file));
  // Only the base class itself may extend botbuilder's ComponentDialog.
  expect(plain).toEqual(['src/bot/continueActiveDialog.ts']);
});
