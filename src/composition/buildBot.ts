import type { Storage } from 'botbuilder';
import { GlobalCommandRecognizer } from '../../dialogs/commands/globalCommandRecognizer';
import { MainDialog } from '../../dialogs/mainDialog';
import type { DialogServices } from '../../dialogs/dialogServices';
import type { SupportInfo } from '../../dialogs/supportMessages';
import type { Texts } from '../i18n/i18n';
import { CertificateBot } from '../bot/certificateBot';
import { ChatProfiles } from '../bot/chatProfile';
import { TrackedConversationState, TrackedUserState } from '../bot/trackedState';
import { noChatMenus, type ChatMenus } from '../students/chatMenus';
import { studentsWithChatMenus } from '../students/studentsWithChatMenus';

export interface BotStorage {
  /** Dialog stacks: short-lived, may expire. */
  conversations: Storage;
  /** Per-account preferences: kept. */
  users: Storage;
}

/**
 * Wires state, dialogs and the bot; the composition root calls this once. `menus` keeps each
 * chat account's platform menu (LINE's rich menu) in step with its login and language.
 */
export function buildBot(
  storage: BotStorage,
  texts: Texts,
  support: SupportInfo,
  services: DialogServices,
  menus: ChatMenus = noChatMenus,
): CertificateBot {
  const conversationState = new TrackedConversationState(storage.conversations);
  const userState = new TrackedUserState(storage.users);
  const profiles = new ChatProfiles(userState, texts, { menus, students: services.students });
  const mainDialog = new MainDialog({
    texts,
    profiles,
    support,
    services: { ...services, students: studentsWithChatMenus(services.students, menus) },
    commands: new GlobalCommandRecognizer(texts),
  });
  return new CertificateBot({ conversationState, userState, profiles, texts, mainDialog });
}
