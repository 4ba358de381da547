import type { DialogContext } from 'botbuilder-dialogs';

/** The id of the dialog that will see the next message: the deepest active one. */
export function innermostDialogId(dc: DialogContext): string | undefined {
  let current = dc;
  while (current.child) current = current.child;
  return current.activeDialog?.id;
}
