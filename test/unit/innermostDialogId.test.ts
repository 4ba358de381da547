import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogContext,
  DialogSet,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
} from 'botbuilder-dialogs';
import { innermostDialogId } from '../../dialogs/innermostDialogId';

/** A component dialog (outer) whose waterfall (steps) waits at a prompt inside a nested one. */
class Inner extends ComponentDialog {
  constructor() {
    super('inner');
    this.addDialog(new TextPrompt('question'));
    this.addDialog(new WaterfallDialog('innerSteps', [(step) => step.prompt('question', 'Name?')]));
  }
}

class Outer extends ComponentDialog {
  constructor() {
    super('outer');
    this.addDialog(new Inner());
    this.addDialog(new WaterfallDialog('outerSteps', [(step) => step.beginDialog('inner')]));
  }
}

async function waitingIn(
  begin: string | undefined,
): Promise<{ id: string | undefined; reads: number }> {
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty<DialogState>('dialogState')).add(new Outer());
  let found: { id: string | undefined; reads: number } | undefined;
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dc = await dialogs.createContext(context);
    if (begin) await dc.beginDialog(begin);
    const child = jest.spyOn(DialogContext.prototype, 'child', 'get');
    found = { id: innermostDialogId(dc), reads: child.mock.calls.length };
    child.mockRestore();
    await state.saveChanges(context);
  });
  await adapter.send('hi');
  if (!found) throw new Error('the turn did not run');
  return found;
}

describe('innermostDialogId', () => {
  it('finds the prompt waiting two component dialogs down, reading each level once', async () => {
    const { id, reads } = await waitingIn('outer');
    expect(id).toBe('question');
    // outer → inner → (inner's prompt has no child): three reads, one per level.
    expect(reads).toBe(3);
  });

  it('is undefined when no dialog is active', async () => {
    const { id, reads } = await waitingIn(undefined);
    expect(id).toBeUndefined();
    expect(reads).toBe(1);
  });
});
