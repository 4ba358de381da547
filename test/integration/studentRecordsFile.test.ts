import {
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app';
import { loadDirectory, loadStudentRecords } from '../../src/composition/dataFiles';
import { loadConfig } from '../../src/config/config';
import { ConfigError } from '../../src/platform/errors';
import {
  StudentRecordsFile,
  type StudentRecordsFileOptions,
} from '../../src/students/studentRecordsFile';
import { capturedLogger } from '../support/capturedLogger';

const HEADER = 'studentId,nameJa,nameEn,program,year,finalYear,facultyJa,facultyEn';
/** A row of the CSV export: year and finalYear vary between the versions of the file. */
const row = (id: string, year: number, finalYear: boolean | string) =>
  `${id},山田 一郎,Ichiro Yamada,undergraduate,${year},${finalYear},法学部,Faculty of Law`;
const exportOf = (...rows: string[]) => `\uFEFF${[HEADER, ...rows].join('\r\n')}\r\n`;

/** Checks `check` until it passes (the watch is asynchronous); fails with its last error. */
async function until(check: () => Promise<void> | void, ms = 10_000): Promise<void> {
  const giveUpAt = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** The parsed log lines at warn level. */
const warnings = (lines: string[]) =>
  lines.map((line) => JSON.parse(line)).filter((line) => line.level === 40);

describe('a student records file (STUDENT_RECORDS_FILE), re-read when it changes', () => {
  let dir: string;
  let file: string;
  let logs: ReturnType<typeof capturedLogger>;
  let records: StudentRecordsFile;
  const open = (options: Partial<StudentRecordsFileOptions> = {}) =>
    StudentRecordsFile.open(file, {
      logger: logs.logger,
      debounceMs: 30,
      settleMs: 150,
      pollMs: 0,
      ...options,
    });
  const yearOf = async (id: string) => (await records.find(id))?.year;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certbot-records-'));
    file = join(dir, 'records.csv');
    writeFileSync(file, exportOf(row('a0000001', 3, false), row('a0000002', 1, false)));
    logs = capturedLogger();
    records = open();
  });
  afterEach(async () => {
    await records.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('is read at once, and finds students by a normalized ID, as copies', async () => {
    expect(records.size).toBe(2);
    const found = await records.find(' Ａ0000001');
    expect(found).toEqual({
      studentId: 'a0000001',
      name: { ja: '山田 一郎', en: 'Ichiro Yamada' },
      program: 'undergraduate',
      year: 3,
      finalYear: false,
      faculty: { ja: '法学部', en: 'Faculty of Law' },
    });
    found!.year = 9;
    expect(await yearOf('a0000001')).toBe(3);
    expect(await records.find('z9999999')).toBeUndefined();
  });

  test('takes a replacement written beside it and renamed over it', async () => {
    const next = join(dir, 'records.csv.tmp');
    writeFileSync(next, exportOf(row('a0000001', 4, true), row('a0000003', 1, false)));
    renameSync(next, file);
    await until(async () => expect(await yearOf('a0000001')).toBe(4));
    expect((await records.find('a0000001'))?.finalYear).toBe(true);
    expect(await records.find('a0000002')).toBeUndefined();
    expect(await yearOf('a0000003')).toBe(1);
    expect(warnings(logs.lines)).toEqual([]);
  });

  test('takes a file written in place, again and again', async () => {
    for (const year of [4, 5, 6]) {
      writeFileSync(file, exportOf(row('a0000001', year, false)));
      await until(async () => expect(await yearOf('a0000001')).toBe(year));
    }
    expect(records.size).toBe(1);
  });

  test('keeps the previous records when a replacement is broken, and says why without personal data', async () => {
    writeFileSync(file, exportOf(row('a0000001', 4, false), row('a0000002', 1, 'maybe')));
    await until(() => expect(warnings(logs.lines)).toHaveLength(1));
    const [warning] = warnings(logs.lines);
    expect(warning).toMatchObject({
      file,
      problem: 'row 3 needs a finalYear of true or false (or 1/0, yes/no)',
      msg: 'The student records file changed but cannot be used; the previous records stay in use',
    });
    expect(logs.lines.join('\n')).not.toMatch(/a000000|山田|Yamada|maybe/);
    expect(await yearOf('a0000001')).toBe(3);
    expect(records.size).toBe(2);

    // Mended, the file is used again.
    writeFileSync(file, exportOf(row('a0000001', 4, false)));
    await until(async () => expect(await yearOf('a0000001')).toBe(4));
    expect(warnings(logs.lines)).toHaveLength(1);
  });

  test('does not report a file while it is still being written', async () => {
    await records.close();
    records = open({ settleMs: 3000 });
    const whole = exportOf(row('a0000001', 5, false), row('a0000002', 2, true));
    // The first half ends inside a row: it cannot be used as it is.
    writeFileSync(file, whole.slice(0, whole.length - 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(file, whole);
    await until(async () => expect(await yearOf('a0000002')).toBe(2));
    expect(await yearOf('a0000001')).toBe(5);
    expect(warnings(logs.lines)).toEqual([]);
  });

  test('keeps the records while the file is missing, and reads it when it is back', async () => {
    unlinkSync(file);
    await until(() => expect(warnings(logs.lines)).toHaveLength(1));
    expect(warnings(logs.lines)[0]).toMatchObject({ file, problem: 'it is missing' });
    expect(await yearOf('a0000001')).toBe(3);

    writeFileSync(file, exportOf(row('a0000001', 4, false)));
    await until(async () => expect(await yearOf('a0000001')).toBe(4));
    expect(warnings(logs.lines)).toHaveLength(1);
  });

  test('does not read the unchanged records again when other files of its folder change', async () => {
    writeFileSync(join(dir, 'unrelated.txt'), 'x');
    writeFileSync(file, exportOf(row('a0000001', 7, false)));
    await until(async () => expect(await yearOf('a0000001')).toBe(7));
    const reads = () => logs.lines.filter((line) => line.includes('Student records re-read'));
    const before = reads().length;
    writeFileSync(join(dir, 'unrelated.txt'), 'y');
    writeFileSync(join(dir, 'marker.txt'), 'z');
    // The marker's own event is past the debounce; no read of the unchanged records follows.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads().length).toBe(before);
  });

  test('stops watching once closed', async () => {
    await records.close();
    writeFileSync(file, exportOf(row('a0000001', 8, false)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await yearOf('a0000001')).toBe(3);
    expect(logs.lines.filter((line) => line.includes('re-read'))).toEqual([]);
    await records.close();
  });

  test('is read in JSON too, chosen by the extension', async () => {
    await records.close();
    file = join(dir, 'records.json');
    const student = (year: number) => ({
      studentId: 'b0000001',
      name: { ja: '吉田 花子', en: 'Hanako Yoshida' },
      program: 'graduate',
      year,
      finalYear: true,
      faculty: { ja: '情報学研究科', en: 'Graduate School of Informatics' },
    });
    writeFileSync(file, JSON.stringify({ students: [student(1)] }));
    records = open();
    expect(await yearOf('b0000001')).toBe(1);
    writeFileSync(join(dir, 'next.json'), JSON.stringify({ students: [student(2)] }));
    renameSync(join(dir, 'next.json'), file);
    await until(async () => expect(await yearOf('b0000001')).toBe(2));
  });

  test('is checked every pollMs where no change event arrives (the file reached through a link)', async () => {
    await records.close();
    // The watched folder holds a link; the export changes in another folder, unseen by the watch.
    const exports = join(dir, 'exports');
    mkdirSync(exports);
    const target = join(exports, 'records.csv');
    writeFileSync(target, exportOf(row('a0000001', 1, false)));
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    file = join(linked, 'records.csv');
    symlinkSync(target, file);
    records = open({ pollMs: 100 });
    expect(await yearOf('a0000001')).toBe(1);
    writeFileSync(target, exportOf(row('a0000001', 2, false)));
    await until(async () => expect(await yearOf('a0000001')).toBe(2));
  });
});

describe('STUDENT_RECORDS_FILE at start-up', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certbot-records-start-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { logger } = capturedLogger();
  const demo = loadDirectory('data/demo-students.json');

  test.each([
    ['a missing file', () => join(dir, 'missing.csv'), 'it cannot be read'],
    ['an empty file', () => write('empty.csv', ''), 'it is empty'],
    ['a bad row', () => write('bad.csv', exportOf(row('a1', 0, false))), 'row 2 needs a year'],
    ['a bad JSON', () => write('bad.json', '{"students":'), 'it is not valid JSON'],
  ])('stops start-up on %s with one sentence naming the variable', (_case, path, reason) => {
    const at = path();
    let thrown: unknown;
    try {
      loadStudentRecords(at, demo, logger);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.variable).toBe('STUDENT_RECORDS_FILE');
    expect(error.message).toMatch(
      /^STUDENT_RECORDS_FILE: The student records file ".+" cannot be used: [^\n]+\.$/,
    );
    expect(error.message).toContain(reason);
    expect(error.message).not.toMatch(/山田|Yamada/);
  });

  test('makes createApp refuse to start with a bad file', async () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      STUDENT_RECORDS_FILE: write('refused.csv', exportOf('a1,x')),
    });
    expect(config.studentRecordsFile).toMatch(/refused\.csv$/);
    await expect(createApp(config)).rejects.toThrow(
      /^STUDENT_RECORDS_FILE: The student records file ".+refused\.csv" cannot be used: row 2 /,
    );
  });

  test('without the setting, the identity directory is the records', async () => {
    expect(loadConfig({}).studentRecordsFile).toBeUndefined();
    const records = loadStudentRecords(undefined, demo, logger);
    expect(await records.find('B0654321')).toMatchObject({ program: 'graduate', year: 2 });
    await records.close();
  });

  test('reads a file named relative to the project, like the other data files', async () => {
    // The registrar's export as tests use it: BOM, CRLF, other columns, quoted cells.
    const records = loadStudentRecords('test/fixtures/university-records.csv', demo, logger);
    // A CSV export has no courses; everything else is as the demo directory says.
    const withoutCourses = async (id: string) => {
      const { courses: _courses, ...entry } = (await demo.find(id))!;
      return entry;
    };
    expect(await records.find('a0123456')).toEqual(await withoutCourses('a0123456'));
    expect(await records.find('b0654321')).toEqual(await withoutCourses('b0654321'));
    expect(await records.find('c0000001')).toMatchObject({
      name: { ja: '佐藤 健', en: 'Ken "Ken-chan" Sato' },
      faculty: { en: 'Graduate School of Law, Division of Legal Practice' },
      finalYear: false,
    });
    // In the demo directory, not in these records: logs in, but may order nothing.
    expect(await records.find('a0234567')).toBeUndefined();
    await records.close();
  });

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }
});
