import type { DialogContext } from 'botbuilder-dialogs';

/**
 * The id of the dialog that will see the next message: the deepest active one. Each read of
 * `child` builds a new dialog context (with its own memory manager), so each level is read once.
 */
export function innermostDialogId(dc: DialogContext): string | undefined {
  let current = dc;
  for (let child = dc.child; child; child = child.child) current = child;
  return current.activeDialog?.id;
}
