import {
  ComponentDialog,
  DialogContextError,
  DialogTurnStatus,
  type DialogContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';

/**
 * What `dc.continueDialog()` does, without botbuilder's `activityReceived` event: the active
 * dialog on `dc`'s stack continues (`empty` when there is none), and an error comes out as a
 * `DialogContextError` naming the stack, as botbuilder's own.
 *
 * botbuilder raises that event once a turn, from the innermost dialog up, before the first
 * dialog continues. No dialog here listens to it, and it was not free: finding the innermost
 * dialog builds a dialog context for every level, each with its own memory manager, and a prompt
 * at the bottom recognises the answer on the event and then again when it is continued (a prompt
 * "handles" the event only to stop it rising). Issue 17's profile of a LINE turn had the event at
 * about 3 % of the CPU. Dialogs that want to interrupt do so in `onContinueDialog`
 * (the bot's command-aware root dialog), which runs on every message all the same.
 */
export async function continueActiveDialog(dc: DialogContext): Promise<DialogTurnResult> {
  const instance = dc.activeDialog;
  if (!instance) return { status: DialogTurnStatus.empty };
  const dialog = dc.findDialog(instance.id);
  if (!dialog) {
    throw new DialogContextError(
      `continueActiveDialog(): Can't continue dialog. A dialog with an id of '${instance.id}' wasn't found.`,
      dc,
    );
  }
  try {
    return await dialog.continueDialog(dc);
  } catch (err) {
    if (err instanceof DialogContextError) throw err;
    throw new DialogContextError(err instanceof Error ? err : String(err), dc);
  }
}

/**
 * A `ComponentDialog` whose inner dialog is continued with {@link continueActiveDialog}: every
 * component dialog of the bot extends this one, so that no level raises `activityReceived`.
 */
export abstract class DirectComponentDialog extends ComponentDialog {
  protected override onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    return continueActiveDialog(innerDc);
  }
}
