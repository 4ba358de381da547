import { DataFileError } from '../../src/platform/errors';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoDirectory } from '../../src/auth/demoDirectory';
import { hashPassword } from '../../src/auth/passwordHash';

const BUNDLED = join(__dirname, '..', '..', 'data', 'demo-students.json');
/** The documented demo password (README). */
const DEMO_PASSWORD = 'demo1234';

describe('the bundled demo directory', () => {
  const directory = new DemoDirectory(BUNDLED);

  test('holds the contract accounts and one non-final-year student', async () => {
    expect(directory.size).toBe(3);
    expect(await directory.authenticate('a0123456', DEMO_PASSWORD)).toEqual({
      studentId: 'a0123456',
      name: { ja: '京大 太郎', en: 'Taro Kyodai' },
      program: 'undergraduate',
      year: 4,
      finalYear: true,
      faculty: { ja: '工学部', en: 'Faculty of Engineering' },
      courses: expect.arrayContaining([expect.objectContaining({ grade: 'A+' })]),
    });
    expect(await directory.authenticate('b0654321', DEMO_PASSWORD)).toEqual({
      studentId: 'b0654321',
      name: { ja: '吉田 花子', en: 'Hanako Yoshida' },
      program: 'graduate',
      year: 2,
      finalYear: true,
      faculty: { ja: '情報学研究科', en: 'Graduate School of Informatics' },
      courses: expect.arrayContaining([expect.objectContaining({ credits: 10 })]),
    });
    expect(await directory.authenticate('a0234567', DEMO_PASSWORD)).toMatchObject({
      studentId: 'a0234567',
      program: 'undergraduate',
      year: 2,
      finalYear: false,
    });
  });

  test('reads IDs without regard to case, surrounding spaces or full-width input', async () => {
    for (const typed of ['A0123456', '  a0123456\t', 'Ａ０１２３４５６']) {
      expect((await directory.authenticate(typed, DEMO_PASSWORD))?.studentId).toBe('a0123456');
    }
  });

  test('refuses a wrong password, an unknown ID and nonsense alike', async () => {
    expect(await directory.authenticate('a0123456', 'demo12345')).toBeUndefined();
    expect(await directory.authenticate('a0123456', 'DEMO1234')).toBeUndefined();
    expect(await directory.authenticate('z9999999', DEMO_PASSWORD)).toBeUndefined();
    expect(await directory.authenticate('', '')).toBeUndefined();
    expect(await directory.authenticate('a0123456', 'x'.repeat(5000))).toBeUndefined();
    expect(await directory.authenticate(42 as never, DEMO_PASSWORD)).toBeUndefined();
  });

  test('hands out copies: changing an answer changes nothing stored', async () => {
    const first = await directory.authenticate('a0123456', DEMO_PASSWORD);
    first!.name.en = 'Mallory';
    expect((await directory.authenticate('a0123456', DEMO_PASSWORD))?.name.en).toBe('Taro Kyodai');
  });

  test('keeps no password in clear, only scrypt hashes', () => {
    const text = readFileSync(BUNDLED, 'utf8');
    expect(text).not.toContain(DEMO_PASSWORD);
    const students = JSON.parse(text).students as { passwordHash: string }[];
    for (const student of students) expect(student.passwordHash).toMatch(/^scrypt\$/);
  });
});

describe('a directory file of the university', () => {
  let dir: string;
  let goodHash: string;
  const student = (overrides: Record<string, unknown> = {}) => ({
    studentId: 'S1234567',
    passwordHash: goodHash,
    name: { ja: '山田 一郎', en: 'Ichiro Yamada' },
    program: 'graduate',
    year: 1,
    finalYear: false,
    faculty: { ja: '法学研究科', en: 'Graduate School of Law' },
    ...overrides,
  });
  const write = (content: unknown): string => {
    const file = join(dir, `directory-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'certbot-directory-'));
    goodHash = await hashPassword('s3cret pass', { N: 1024, r: 8, p: 1 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is read with its IDs normalized to lower case', async () => {
    const directory = new DemoDirectory(write({ students: [student()] }));
    expect((await directory.authenticate('s1234567', 's3cret pass'))?.studentId).toBe('s1234567');
  });

  test.each([
    ['missing', undefined, 'cannot be read'],
    ['not JSON', () => '{"students": [', 'not valid JSON'],
    ['without students', () => ({ people: [] }), '"students" array'],
    ['with an empty list', () => ({ students: [] }), '"students" array'],
    ['with a non-object entry', () => ({ students: ['a0123456'] }), 'students[0] is not an object'],
    [
      'without an ID',
      () => ({ students: [student({ studentId: '' })] }),
      'students[0] needs a "studentId"',
    ],
    ['with a bad ID', () => ({ students: [student({ studentId: 'a b' })] }), 'needs a "studentId"'],
    [
      'with a plain password',
      () => ({ students: [student({ passwordHash: 'demo' })] }),
      'invalid passwordHash',
    ],
    [
      'without a hash',
      () => ({ students: [student({ passwordHash: undefined })] }),
      'needs a "passwordHash"',
    ],
    ['with an unknown program', () => ({ students: [student({ program: 'phd' })] }), '"program"'],
    ['with a year of 0', () => ({ students: [student({ year: 0 })] }), '"year"'],
    ['with a text year', () => ({ students: [student({ year: '2' })] }), '"year"'],
    [
      'with finalYear as text',
      () => ({ students: [student({ finalYear: 'yes' })] }),
      '"finalYear"',
    ],
    [
      'with a name in one language',
      () => ({ students: [student({ name: { ja: '山田' } })] }),
      '"name"',
    ],
    ['without a faculty', () => ({ students: [student({ faculty: undefined })] }), '"faculty"'],
    [
      'with one ID twice',
      () => ({ students: [student(), student({ studentId: 's1234567' })] }),
      'students[1] repeats an earlier studentId',
    ],
  ])('is refused at construction when %s', (_case, content, reason) => {
    const file = content === undefined ? join(dir, 'missing.json') : write(content());
    let error: unknown;
    try {
      new DemoDirectory(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataFileError);
    expect((error as DataFileError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(reason);
  });

  test('names no personal data of the bad entry in the error', () => {
    const file = write({ students: [student({ year: 99 })] });
    expect(() => new DemoDirectory(file)).toThrow(/students\[0\]/);
    expect(() => new DemoDirectory(file)).not.toThrow(/Yamada|山田|s1234567/i);
  });
});
