import { ManualClock } from '../../src/platform/clock';
import { ChatAccountLinker, type NewChatLink } from '../../src/students/chatAccountLinker';
import { MemoryStudentRepository } from '../../src/students/memoryStudentRepository';
import type { ChatAccount, DirectoryEntry } from '../../src/students/student';

const entry = (studentId: string): DirectoryEntry => ({
  studentId,
  name: { ja: '京大 太郎', en: 'Taro Kyodai' },
  program: 'undergraduate',
  year: 4,
  finalYear: true,
  faculty: { ja: '工学部', en: 'Faculty of Engineering' },
});
const LINE: ChatAccount = { channel: 'line', accountId: 'U1' };
const WEB: ChatAccount = { channel: 'webchat', accountId: 'session-1' };

describe('ChatAccountLinker', () => {
  let students: MemoryStudentRepository;
  let told: NewChatLink[];
  let linker: ChatAccountLinker;
  const clock = new ManualClock('2026-04-02T08:15:00+09:00');

  beforeEach(() => {
    students = new MemoryStudentRepository();
    told = [];
    linker = new ChatAccountLinker({
      students,
      notifier: { linked: async (link) => void told.push(link) },
      clock,
    });
  });

  it('tells of every account newly bound to the student, with what the page showed', async () => {
    await linker.link(entry('a0123456'), WEB);
    await students.setEmail('a0123456', 'taro@example.ac.jp');
    const student = await linker.link(entry('a0123456'), LINE, 'Yamada');
    expect(student.accounts).toEqual([WEB, LINE]);
    expect(told.map((link) => [link.account, link.displayName])).toEqual([
      [WEB, undefined],
      [LINE, 'Yamada'],
    ]);
    expect(told[1].student.email).toBe('taro@example.ac.jp');
    expect(told[1].linkedAt.toISO()).toBe(clock.now().toISO());
  });

  it('tells no one when the same account logs in to the same student again', async () => {
    await linker.link(entry('a0123456'), LINE);
    await linker.link(entry('a0123456'), LINE);
    expect(told).toHaveLength(1);
  });

  it('tells the new student of an account that moves from another student, and after an unlink', async () => {
    await linker.link(entry('b0654321'), LINE);
    await linker.link(entry('a0123456'), LINE);
    await students.unlink(LINE);
    await linker.link(entry('a0123456'), LINE);
    expect(told.map((link) => link.student.studentId)).toEqual([
      'b0654321',
      'a0123456',
      'a0123456',
    ]);
  });
});
