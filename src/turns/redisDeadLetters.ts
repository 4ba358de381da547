import type { RedisClient } from '../storage/redisConnection';
import type { RedisKeys } from '../storage/redisKeys';
import {
  DEAD_LETTER_LIMIT,
  DEAD_LETTER_TTL_SECONDS,
  type DeadLetter,
  type DeadLetters,
} from './deadLetters';

/**
 * KEYS list[, seen] · ARGV letter, limit, TTL s → 1 recorded, 0 its event id was recorded before.
 * One script, so a redelivery never finds the id taken but the letter missing.
 */
const RECORD_LUA = `
if KEYS[2] and not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then
  return 0
end
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
`;

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

/**
 * The shared {@link DeadLetters}: a list of JSON letters trimmed to {@link DEAD_LETTER_LIMIT}, and
 * the recorded event ids beside it, all under the tag `{dead-letters}`.
 */
export class RedisDeadLetters implements DeadLetters {
  private readonly recordScript: ScriptCall;

  constructor(
    private readonly redis: Pick<RedisClient, 'defineCommand' | 'lrange'>,
    private readonly keys: RedisKeys,
  ) {
    redis.defineCommand('certbotDeadLetterRecord', { lua: RECORD_LUA });
    const bound = (redis as unknown as Record<string, ScriptCall>).certbotDeadLetterRecord;
    this.recordScript = bound.bind(redis);
  }

  async record(letter: DeadLetter): Promise<boolean> {
    const keys = [this.keys.deadLetters()];
    if (letter.eventId !== undefined) {
      keys.push(this.keys.deadLetterEvent(letter.channel, letter.eventId));
    }
    const recorded = await this.recordScript(
      keys.length,
      ...keys,
      JSON.stringify(letter),
      DEAD_LETTER_LIMIT,
      DEAD_LETTER_TTL_SECONDS,
    );
    return recorded === 1;
  }

  async list(limit: number): Promise<DeadLetter[]> {
    if (limit <= 0) return [];
    const raws = await this.redis.lrange(this.keys.deadLetters(), 0, limit - 1);
    return raws.flatMap((raw) => {
      try {
        return [JSON.parse(raw) as DeadLetter];
      } catch {
        // Not written by this service: nothing a staff member could read either.
        return [];
      }
    });
  }
}
