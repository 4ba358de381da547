import type { ConversationReference } from 'botbuilder';
import { StorageConflictError, UnreadableStorageItemError } from '../../src/storage/errors';
import type { ConversationDirectory } from '../../src/students/conversationDirectory';
import { MemoryConversationDirectory } from '../../src/students/memoryConversationDirectory';
import { MemoryStudentRepository } from '../../src/students/memoryStudentRepository';
import { RedisConversationDirectory } from '../../src/students/redisConversationDirectory';
import { RedisStudentRepository } from '../../src/students/redisStudentRepository';
import type { ChatAccount, DirectoryEntry } from '../../src/students/student';
import type { StudentRepository } from '../../src/students/studentRepository';
import { UnknownStudentError } from '../../src/students/errors';
import { redisTargets } from '../support/redisTargets';
import { type TestRedis } from '../support/redis';
import { TARO } from '../support/demoStudents';

interface Subject {
  students: StudentRepository;
  conversations: ConversationDirectory;
  redis?: TestRedis;
  cleanup(): Promise<void>;
}

const REDIS = redisTargets();

const variants: [string, () => Promise<Subject>][] = [
  [
    'memory',
    async () => ({
      students: new MemoryStudentRepository(),
      conversations: new MemoryConversationDirectory(),
      cleanup: async () => undefined,
    }),
  ],
  ...REDIS.map(({ name, connect }): [string, () => Promise<Subject>] => [
    name,
    async () => {
      const redis = await connect();
      return {
        students: new RedisStudentRepository(redis.redis, redis.keys),
        conversations: new RedisConversationDirectory(redis.redis, redis.keys),
        redis,
        cleanup: redis.cleanup,
      };
    },
  ]),
];

const HANAKO: DirectoryEntry = {
  studentId: 'b0654321',
  name: { ja: '吉田 花子', en: 'Hanako Yoshida' },
  program: 'graduate',
  year: 2,
  finalYear: true,
  faculty: { ja: '情報学研究科', en: 'Graduate School of Informatics' },
};
const LINE: ChatAccount = { channel: 'line', accountId: 'U0123456789abcdef0123456789abcdef' };
const WEB: ChatAccount = { channel: 'webchat', accountId: 'session-abc' };
const TEAMS: ChatAccount = { channel: 'msteams', accountId: '29:1abc' };

describe.each(variants)('students contract: %s', (name, create) => {
  let subject: Subject;
  let students: StudentRepository;

  beforeEach(async () => {
    subject = await create();
    students = subject.students;
  });
  afterEach(() => subject.cleanup());

  describe('StudentRepository', () => {
    test('knows nobody before a login', async () => {
      expect(await students.get('a0123456')).toBeUndefined();
      expect(await students.findByAccount(LINE)).toBeUndefined();
      expect(await students.unlink(LINE)).toBeUndefined();
    });

    test('the first login creates the student from the directory and binds the account', async () => {
      const student = await students.login(TARO, LINE);
      expect(student).toEqual({ ...TARO, accounts: [LINE], lastAccount: LINE });
      expect(await students.get('a0123456')).toEqual(student);
      expect(await students.findByAccount(LINE)).toEqual(student);
    });

    test('a later login refreshes directory facts and keeps what the student registered', async () => {
      await students.login(TARO, LINE);
      await students.setEmail('a0123456', 'taro@example.ac.jp');
      await students.setLanguage('a0123456', 'en');
      const promoted = {
        ...TARO,
        year: 5,
        finalYear: false,
        name: { ja: '京大 太郎', en: 'Taro K.' },
      };
      const student = await students.login(promoted, WEB);
      expect(student).toEqual({
        ...promoted,
        email: 'taro@example.ac.jp',
        language: 'en',
        accounts: [LINE, WEB],
        lastAccount: WEB,
      });
      expect(await students.get('a0123456')).toEqual(student);
    });

    test('logging in twice from one account binds it once', async () => {
      await students.login(TARO, LINE);
      await students.login(TARO, WEB);
      const student = await students.login(TARO, LINE);
      expect(student.accounts).toEqual([WEB, LINE]);
      expect(student.lastAccount).toEqual(LINE);
    });

    test('binding an account to another student moves it', async () => {
      await students.login(TARO, LINE);
      await students.login(TARO, WEB);
      await students.touch('a0123456', LINE);
      const hanako = await students.login(HANAKO, LINE);
      expect(hanako.accounts).toEqual([LINE]);
      expect((await students.findByAccount(LINE))?.studentId).toBe('b0654321');
      const taro = await students.get('a0123456');
      expect(taro?.accounts).toEqual([WEB]);
      // Proactive messages for Taro now go to the account he still has.
      expect(taro?.lastAccount).toEqual(WEB);
    });

    test('unlink unbinds the account and returns the student without it', async () => {
      await students.login(TARO, LINE);
      await students.login(TARO, WEB);
      const unlinked = await students.unlink(WEB);
      expect(unlinked?.accounts).toEqual([LINE]);
      expect(unlinked?.lastAccount).toEqual(LINE);
      expect(await students.findByAccount(WEB)).toBeUndefined();
      expect(await students.get('a0123456')).toEqual(unlinked);
      expect(await students.unlink(WEB)).toBeUndefined();
      const last = await students.unlink(LINE);
      expect(last?.accounts).toEqual([]);
      expect(last).not.toHaveProperty('lastAccount');
      // The student and what they registered stay: logging in again finds them.
      expect((await students.get('a0123456'))?.studentId).toBe('a0123456');
    });

    test('setEmail and setLanguage change only their field; undefined clears the language', async () => {
      await students.login(TARO, LINE);
      await students.setEmail('a0123456', 'first@example.ac.jp');
      await students.setEmail('a0123456', 'second@example.ac.jp');
      await students.setLanguage('a0123456', 'ja');
      expect(await students.get('a0123456')).toEqual({
        ...TARO,
        email: 'second@example.ac.jp',
        language: 'ja',
        accounts: [LINE],
        lastAccount: LINE,
      });
      await students.setLanguage('a0123456', undefined);
      expect(await students.get('a0123456')).not.toHaveProperty('language');
    });

    test('reminders are on until turned off, survive a later login, and turn on again', async () => {
      await students.login(TARO, LINE);
      expect(await students.get('a0123456')).not.toHaveProperty('reminders');
      await students.setReminders('a0123456', false);
      expect((await students.get('a0123456'))?.reminders).toBe(false);
      await students.login(TARO, WEB);
      expect((await students.get('a0123456'))?.reminders).toBe(false);
      await students.setReminders('a0123456', true);
      // "On" is the default, so the record reads back exactly as before it was turned off.
      expect(await students.get('a0123456')).toEqual({
        ...TARO,
        accounts: [LINE, WEB],
        lastAccount: WEB,
      });
      await expect(students.setReminders('nobody', false)).rejects.toThrow(UnknownStudentError);
    });

    test('touch remembers the last account used, only among the bound ones', async () => {
      await students.login(TARO, LINE);
      await students.login(TARO, WEB);
      await students.touch('a0123456', LINE);
      expect((await students.get('a0123456'))?.lastAccount).toEqual(LINE);
      await students.touch('a0123456', TEAMS);
      expect((await students.get('a0123456'))?.lastAccount).toEqual(LINE);
    });

    test('changes for a student who never logged in fail with UnknownStudentError', async () => {
      await expect(students.setEmail('nobody', 'x@example.ac.jp')).rejects.toThrow(
        UnknownStudentError,
      );
      await expect(students.setLanguage('nobody', 'en')).rejects.toThrow(UnknownStudentError);
      await expect(students.touch('nobody', LINE)).rejects.toThrow(UnknownStudentError);
      expect(await students.get('nobody')).toBeUndefined();
    });

    test('hands out copies: changing an answer changes nothing stored', async () => {
      const student = await students.login(TARO, LINE);
      student.accounts.push(WEB);
      student.name.en = 'Mallory';
      const stored = await students.get('a0123456');
      expect(stored?.accounts).toEqual([LINE]);
      expect(stored?.name.en).toBe('Taro Kyodai');
    });

    test('parallel logins of one account leave it bound to exactly one student', async () => {
      const others = Array.from({ length: 6 }, (_, i) => ({ ...HANAKO, studentId: `c000000${i}` }));
      await Promise.all(others.map((entry) => students.login(entry, LINE)));
      const owner = await students.findByAccount(LINE);
      const holders = [];
      for (const entry of others) {
        const student = await students.get(entry.studentId);
        if (student?.accounts.some((a) => a.accountId === LINE.accountId)) holders.push(student);
      }
      expect(holders.map((s) => s.studentId)).toEqual([owner?.studentId]);
    });

    test('parallel changes of one student lose no write', async () => {
      await students.login(TARO, LINE);
      const accounts = Array.from({ length: 6 }, (_, i) => ({
        channel: 'webchat' as const,
        accountId: `session-${i}`,
      }));
      await Promise.all([
        ...accounts.map((account) => students.login(TARO, account)),
        students.setEmail('a0123456', 'taro@example.ac.jp'),
        students.setLanguage('a0123456', 'en'),
      ]);
      const student = await students.get('a0123456');
      expect(student?.email).toBe('taro@example.ac.jp');
      expect(student?.language).toBe('en');
      expect(student?.accounts).toHaveLength(7);
      for (const account of accounts) {
        expect((await students.findByAccount(account))?.studentId).toBe('a0123456');
      }
    });
  });

  describe('ConversationDirectory', () => {
    const reference: Partial<ConversationReference> = {
      channelId: 'webchat',
      serviceUrl: 'http://127.0.0.1:3978/',
      conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
      user: { id: 'session-abc', name: '' },
      bot: { id: 'bot', name: 'bot' },
    };

    test('finds the latest reference saved for an account, and none for others', async () => {
      const { conversations } = subject;
      expect(await conversations.find(WEB)).toBeUndefined();
      await conversations.save(WEB, reference);
      expect(await conversations.find(WEB)).toEqual(reference);
      const newer = { ...reference, conversation: { ...reference.conversation!, id: 'conv-2' } };
      await conversations.save(WEB, newer);
      expect(await conversations.find(WEB)).toEqual(newer);
      expect(await conversations.find(LINE)).toBeUndefined();
      expect(
        await conversations.find({ channel: 'line', accountId: WEB.accountId }),
      ).toBeUndefined();
    });

    test('hands out copies', async () => {
      const { conversations } = subject;
      await conversations.save(WEB, reference);
      const found = await conversations.find(WEB);
      found!.conversation!.id = 'changed';
      expect((await conversations.find(WEB))?.conversation?.id).toBe('conv-1');
    });
  });

  if (name !== 'memory') {
    test('an account half moved (a crash after its key changed) is bound to nobody, until the next login', async () => {
      const { redis, keys } = subject.redis!;
      await students.login(TARO, LINE);
      await students.login(TARO, WEB);
      // The first step of moving LINE to HANAKO, and then the instance died.
      await redis.set(keys.studentAccount(`line:${LINE.accountId}`), HANAKO.studentId);
      expect(await students.findByAccount(LINE)).toBeUndefined();
      const taro = await students.get(TARO.studentId);
      expect(taro?.accounts).toEqual([WEB]);
      expect(taro?.lastAccount).toEqual(WEB);
      expect((await students.findByAccount(WEB))?.studentId).toBe(TARO.studentId);
      // Logging in again (to either student) finishes cleanly.
      await students.login(HANAKO, LINE);
      expect((await students.findByAccount(LINE))?.studentId).toBe(HANAKO.studentId);
      expect((await students.get(TARO.studentId))?.accounts).toEqual([WEB]);
      expect((await students.get(HANAKO.studentId))?.accounts).toEqual([LINE]);
    });
  }

  if (name === 'redis') {
    test("a student's keys carry that student's hash tag; an account key is alone", () => {
      const { keys } = subject.redis!;
      const tag = (key: string) => key.match(/\{([^}]*)\}/)?.[1];
      for (const key of [keys.student('a0123456'), keys.studentOrders('a0123456')]) {
        expect(tag(key)).toBe('student:a0123456');
      }
      expect(tag(keys.student('b0654321'))).toBe('student:b0654321');
      expect(tag(keys.studentAccount('line:U1'))).toBeUndefined();
    });

    test('conversation references expire after a long silence, renewed by each save', async () => {
      const { redis, keys } = subject.redis!;
      await subject.conversations.save(WEB, { channelId: 'webchat' });
      const ttl = await redis.ttl(keys.conversationReference('webchat:session-abc'));
      expect(ttl).toBeGreaterThan(89 * 24 * 3600);
    });

    test('an unreadable student record is reported, not half-read', async () => {
      const { redis, keys } = subject.redis!;
      await redis.set(keys.student('a0123456'), '{not json');
      await expect(students.get('a0123456')).rejects.toThrow(UnreadableStorageItemError);
      await expect(students.login(TARO, LINE)).rejects.toThrow(UnreadableStorageItemError);
      expect(await redis.get(keys.student('a0123456'))).toBe('{not json');
    });

    test('gives up with StorageConflictError when a writer keeps winning', async () => {
      const { redis, keys } = subject.redis!;
      const stubborn = new RedisStudentRepository(
        {
          get: (key: string) => redis.get(key),
          mget: (...args: string[]) => redis.mget(...args),
          // Every compare-and-set finds the data changed.
          eval: async () => 0,
        } as never,
        keys,
        { maxAttempts: 3 },
      );
      await expect(stubborn.login(TARO, LINE)).rejects.toThrow(StorageConflictError);
      expect(await students.get('a0123456')).toBeUndefined();
    });
  }
});
