import { ActivityTypes, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { buildBot } from '../../src/composition/buildBot';
import { memoryServices } from './memoryServices';
import { loadTexts } from './texts';

/** The support details the dialogs are given in tests. */
export const TEST_SUPPORT = {
  manualUrl: 'http://localhost:3978/manual',
  callCenterPhone: '06-6809-4327',
};

/**
 * The real bot in botbuilder's TestAdapter, on the memory ports; `template` sets what every
 * activity carries (locale, channel, sender). `say` sends one activity and returns the replies.
 */
export async function dialogBot(template: Partial<Activity>) {
  const texts = await loadTexts();
  const { services } = await memoryServices();
  const bot = buildBot(
    { conversations: new MemoryStorage(), users: new MemoryStorage() },
    texts,
    TEST_SUPPORT,
    services,
  );
  const adapter = new TestAdapter(bot.run, template);
  const say = async (text: string | Partial<Activity>): Promise<Partial<Activity>[]> => {
    adapter.activeQueue.splice(0);
    await adapter.receiveActivity(
      typeof text === 'string' ? { type: ActivityTypes.Message, text } : text,
    );
    return adapter.activeQueue.splice(0);
  };
  return { texts, services, say };
}
