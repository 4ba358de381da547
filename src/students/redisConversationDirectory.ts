import type { ConversationReference } from 'botbuilder';
import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import { UnreadableStorageItemError } from '../storage/errors';
import type { ConversationDirectory } from './conversationDirectory';
import { accountKey, type ChatAccount } from './student';

/**
 * Long enough to outlive any order (8 days) and its reminders with a wide margin; each save
 * renews it, so only accounts silent for this long are forgotten.
 */
export const CONVERSATION_REFERENCE_TTL_SECONDS = 90 * 24 * 60 * 60;

/** The shared {@link ConversationDirectory}: one JSON value per chat account. */
export class RedisConversationDirectory implements ConversationDirectory {
  constructor(
    private readonly redis: Pick<RedisClient, 'set' | 'get'>,
    private readonly keys: RedisKeys,
    private readonly ttlSeconds = CONVERSATION_REFERENCE_TTL_SECONDS,
  ) {}

  async save(account: ChatAccount, reference: Partial<ConversationReference>): Promise<void> {
    const key = this.keys.conversationReference(accountKey(account));
    await this.redis.set(key, JSON.stringify(reference), 'EX', this.ttlSeconds);
  }

  async find(account: ChatAccount): Promise<Partial<ConversationReference> | undefined> {
    const raw = await this.redis.get(this.keys.conversationReference(accountKey(account)));
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as Partial<ConversationReference>;
    } catch (err) {
      throw new UnreadableStorageItemError(`conversation reference ${account.channel}`, {
        cause: err,
      });
    }
  }
}
