import { randomBytes } from 'node:crypto';
import type { DateTime } from 'luxon';
import { newSessionId } from '../../src/channels/webchat/sessionId';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import type { Order, PrintNetwork } from '../../src/orders/order';
import { awaitPayment, newDraft } from '../../src/orders/orderTransitions';
import { RedisOrderRepository } from '../../src/orders/redisOrderRepository';
import type { RedisKeys } from '../../src/storage/redisKeys';
import { RedisConversationDirectory } from '../../src/students/redisConversationDirectory';
import { RedisStudentRepository } from '../../src/students/redisStudentRepository';
import type { ChatAccount, ChatChannel } from '../../src/students/student';
import type { RedisClient } from '../../src/storage/redisConnection';
import { TARO } from './demoStudents';

const catalogue = loadCatalogue('data/catalogue.json');

export interface SeedStudent {
  studentId: string;
  channel: ChatChannel;
  language: 'ja' | 'en';
  /** False: the student never chatted (no conversation to continue). */
  reachable?: boolean;
  certificateId?: string;
  network?: PrintNetwork;
  /** Leave the order a draft instead of awaiting payment. */
  draft?: boolean;
}

export interface SeededStudent extends SeedStudent {
  account: ChatAccount;
  order: Order;
}

/** A LINE user id as LINE writes them: U and 32 hex digits. */
export function lineUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

/**
 * Students, their chat accounts and conversations, and one order each, written through the
 * production Redis repositories under the app's key prefix: what the chat would have stored.
 */
export async function seedStudents(
  redis: RedisClient,
  keys: RedisKeys,
  specs: SeedStudent[],
  appliedAt: DateTime,
): Promise<SeededStudent[]> {
  const students = new RedisStudentRepository(redis, keys);
  const conversations = new RedisConversationDirectory(redis, keys);
  const orders = new RedisOrderRepository(redis, keys);
  const seeded: SeededStudent[] = [];
  const BATCH = 200;
  for (let i = 0; i < specs.length; i += BATCH) {
    const batch = await Promise.all(
      specs.slice(i, i + BATCH).map(async (spec, j): Promise<SeededStudent> => {
        const accountId = spec.channel === 'line' ? lineUserId() : newSessionId();
        const account: ChatAccount = { channel: spec.channel, accountId };
        await students.login({ ...TARO, studentId: spec.studentId }, account);
        await students.setLanguage(spec.studentId, spec.language);
        if (spec.reachable !== false) {
          await conversations.save(account, {
            channelId: spec.channel,
            serviceUrl: '',
            conversation: { id: accountId, isGroup: false, conversationType: 'personal', name: '' },
            user: { id: accountId, name: '' },
            bot: { id: 'bot', name: '' },
          });
        }
        const draft = newDraft(
          {
            orderId: `S${String(i + j).padStart(6, '0')}${randomBytes(2).toString('hex')}`,
            studentId: spec.studentId,
            language: spec.language,
            lines: [
              { certificateId: spec.certificateId ?? 'enrollment', language: 'ja', copies: 1 },
            ],
            network: spec.network ?? 'netprint',
          },
          catalogue,
          { ...TARO, studentId: spec.studentId },
          appliedAt,
        );
        await orders.create(draft);
        let order = draft;
        if (!spec.draft) {
          order = awaitPayment(
            draft,
            { method: 'smartpit', reference: `ref-${draft.orderId}` },
            appliedAt,
          );
          await orders.update(draft, order);
        }
        return { ...spec, account, order };
      }),
    );
    seeded.push(...batch);
  }
  return seeded;
}
