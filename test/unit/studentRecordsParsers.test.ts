import { join } from 'node:path';
import { DemoDirectory } from '../../src/auth/demoDirectory';
import { DataFileError } from '../../src/platform/errors';
import {
  MAX_RECORDS_FILE_BYTES,
  parseStudentRecords,
  recordsFormatOf,
} from '../../src/students/parseStudentRecords';
import { parseStudentRecordsCsv } from '../../src/students/parseStudentRecordsCsv';
import type { DirectoryEntry } from '../../src/students/student';
import { TARO } from '../support/demoStudents';

const FILE = '/srv/registrar/records.csv';
const HEADER = 'studentId,nameJa,nameEn,program,year,finalYear,facultyJa,facultyEn';

const YAMADA: DirectoryEntry = {
  studentId: 's1234567',
  name: { ja: '山田 一郎', en: 'Ichiro Yamada' },
  program: 'graduate',
  year: 1,
  finalYear: false,
  faculty: { ja: '法学研究科', en: 'Graduate School of Law' },
};

const YAMADA_ROW =
  'S1234567,山田 一郎,Ichiro Yamada,graduate,1,false,法学研究科,Graduate School of Law';

/** The DataFileError `parse` throws; fails the test when it throws nothing or something else. */
function refusal(parse: () => unknown): DataFileError {
  try {
    parse();
  } catch (err) {
    if (err instanceof DataFileError) return err;
    throw err;
  }
  throw new Error('expected a DataFileError');
}

const csv = (...lines: string[]) => lines.join('\n');

describe('the records CSV (parseStudentRecordsCsv)', () => {
  test('reads a row per student, IDs normalized and cells trimmed', () => {
    const records = parseStudentRecordsCsv(
      csv(
        HEADER,
        YAMADA_ROW,
        ' ａ0123456 , 京大 太郎 ,Taro Kyodai,Undergraduate, 4 ,YES,工学部,Faculty of Engineering',
      ),
      FILE,
    );
    expect([...records.keys()]).toEqual(['s1234567', 'a0123456']);
    expect(records.get('s1234567')).toEqual(YAMADA);
    expect(records.get('a0123456')).toEqual(TARO);
  });

  test('reads the columns in any order and case, and ignores other columns', () => {
    const records = parseStudentRecordsCsv(
      csv(
        'FACULTYEN,email,facultyJa, finalYear ,year,program,nameEn,nameJa,studentId,note',
        'Graduate School of Law,yamada@example.ac.jp,法学研究科,0,1,graduate,Ichiro Yamada,山田 一郎,s1234567,',
      ),
      FILE,
    );
    expect(records.get('s1234567')).toEqual(YAMADA);
  });

  test('reads a byte order mark, CRLF and quoted cells with commas, quotes and line breaks', () => {
    const records = parseStudentRecordsCsv(
      `\uFEFF${HEADER}\r\n` +
        's1234567,"山田 一郎","Yamada, Ichiro ""Ichi""",graduate,1,no,法学研究科,"Graduate School\r\nof Law"\r\n',
      FILE,
    );
    expect(records.get('s1234567')).toEqual({
      ...YAMADA,
      name: { ja: '山田 一郎', en: 'Yamada, Ichiro "Ichi"' },
      faculty: { ja: '法学研究科', en: 'Graduate School\r\nof Law' },
    });
  });

  test.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    ['No', false],
  ])('reads finalYear %s', (value, expected) => {
    const row = YAMADA_ROW.replace(',false,', `,${value},`);
    expect(parseStudentRecordsCsv(csv(HEADER, row), FILE).get('s1234567')?.finalYear).toBe(
      expected,
    );
  });

  test.each([
    ['an empty file', '', 'it is empty'],
    ['only blank lines', '\r\n\r\n', 'it is empty'],
    ['only a header', `${HEADER}\r\n`, 'it has a header row but no student rows'],
    [
      'a missing column',
      csv(HEADER.replace(',facultyEn', ''), YAMADA_ROW),
      'its header row lacks the column facultyEn',
    ],
    [
      'missing columns',
      csv('studentId,nameJa,nameEn,program,year', YAMADA_ROW),
      'its header row lacks the columns finalYear, facultyJa, facultyEn',
    ],
    ['a column twice', csv(`${HEADER},year`, YAMADA_ROW), 'names the column year twice'],
    ['no ID', csv(HEADER, YAMADA_ROW.replace('S1234567', '')), 'row 2 needs a studentId'],
    ['a bad ID', csv(HEADER, YAMADA_ROW.replace('S1234567', 's 12')), 'row 2 needs a studentId'],
    [
      'an unknown program',
      csv(HEADER, YAMADA_ROW.replace('graduate', 'doctoral')),
      'row 2 needs a program of undergraduate or graduate',
    ],
    ['a year of 0', csv(HEADER, YAMADA_ROW.replace(',1,', ',0,')), 'row 2 needs a year from 1'],
    ['a year of 11', csv(HEADER, YAMADA_ROW.replace(',1,', ',11,')), 'row 2 needs a year'],
    ['a year in words', csv(HEADER, YAMADA_ROW.replace(',1,', ',first,')), 'row 2 needs a year'],
    ['a fractional year', csv(HEADER, YAMADA_ROW.replace(',1,', ',1.5,')), 'row 2 needs a year'],
    [
      'a finalYear of maybe',
      csv(HEADER, YAMADA_ROW.replace(',false,', ',maybe,')),
      'row 2 needs a finalYear of true or false',
    ],
    ['an empty finalYear', csv(HEADER, YAMADA_ROW.replace(',false,', ',,')), 'needs a finalYear'],
    [
      'a name in one language',
      csv(HEADER, YAMADA_ROW.replace('Ichiro Yamada', ' ')),
      'row 2 needs both nameJa and nameEn',
    ],
    [
      'a short row',
      csv(HEADER, 'S1234567,山田 一郎,Ichiro Yamada,graduate,1,false,法学研究科'),
      'row 2 needs both facultyJa and facultyEn',
    ],
    [
      'one ID twice, in another case',
      csv(HEADER, YAMADA_ROW, YAMADA_ROW.replace('S1234567', 'a0123456'), YAMADA_ROW.toLowerCase()),
      'row 4 repeats the studentId of row 2',
    ],
    ['an unclosed quote', csv(HEADER, `"${YAMADA_ROW}`), 'row 2 has a quoted cell that is never'],
    ['a huge cell', csv(HEADER, `s1,${'山'.repeat(10_000)}`), 'row 2 has a cell longer than 4096'],
  ])('is refused with %s, by row and never by content', (_case, text, reason) => {
    const error = refusal(() => parseStudentRecordsCsv(text, FILE));
    expect(error.kind).toBe('student records');
    expect(error.code).toBe('STUDENT_RECORDS_FILE');
    expect(error.message).toBe(
      `The student records file "${FILE}" cannot be used: ${error.reason}.`,
    );
    expect(error.reason).toContain(reason);
    expect(error.message).not.toMatch(/山田|Yamada|s1234567|doctoral|maybe|first|法学/i);
  });

  test('counts rows as a spreadsheet shows them: a break inside a cell is no row', () => {
    const text = csv(HEADER, `s1,"山田\n一郎",Ichiro Yamada,graduate,1,false,法学,Law`, '', 's2,x');
    expect(refusal(() => parseStudentRecordsCsv(text, FILE)).reason).toMatch(/^row 4 /);
  });
});

describe('the records JSON (the directory format without passwords)', () => {
  const json = (students: unknown[]) => JSON.stringify({ students });
  const bytes = (text: string) => Buffer.from(text, 'utf8');

  test('is read by parseStudentRecords, passwords not needed and other fields ignored', () => {
    const records = parseStudentRecords(
      bytes(json([{ ...YAMADA, studentId: 'S1234567', passwordHash: 'ignored', email: 'x' }])),
      '/srv/records.json',
    );
    expect([...records.values()]).toEqual([YAMADA]);
  });

  test('may start with a byte order mark', () => {
    const records = parseStudentRecords(bytes(`\uFEFF${json([YAMADA])}`), '/srv/records.json');
    expect(records.get('s1234567')).toEqual(YAMADA);
  });

  test.each([
    ['an empty file', '', 'it is not valid JSON'],
    ['no students', json([]), 'it needs a non-empty "students" array'],
    ['a bad program', json([{ ...YAMADA, program: 'phd' }]), 'students[0] needs "program"'],
    ['a text year', json([{ ...YAMADA, year: '1' }]), 'students[0] needs a "year" from 1 to 10'],
    ['finalYear as text', json([{ ...YAMADA, finalYear: 'yes' }]), 'needs "finalYear"'],
    ['a missing faculty', json([{ ...YAMADA, faculty: undefined }]), 'needs "faculty"'],
    ['one ID twice', json([YAMADA, { ...YAMADA, studentId: 'S1234567 ' }]), 'students[1] repeats'],
  ])('is refused with %s, by position', (_case, text, reason) => {
    const error = refusal(() => parseStudentRecords(bytes(text), '/srv/records.json'));
    expect(error.kind).toBe('student records');
    expect(error.reason).toContain(reason);
    expect(error.message).not.toMatch(/山田|Yamada|s1234567/i);
  });
});

describe('a records file as bytes (parseStudentRecords)', () => {
  test('chooses the format by extension, otherwise by content', () => {
    expect(recordsFormatOf('records.JSON', 'studentId,…')).toBe('json');
    expect(recordsFormatOf('records.csv', '{"students": []}')).toBe('csv');
    expect(recordsFormatOf('export.txt', '\uFEFF \n {"students": []}')).toBe('json');
    expect(recordsFormatOf('export', 'studentId,nameJa')).toBe('csv');
    const text = csv(HEADER, YAMADA_ROW);
    expect(parseStudentRecords(Buffer.from(text), '/srv/export').get('s1234567')).toEqual(YAMADA);
  });

  test('refuses text that is not UTF-8 (a Shift_JIS export), naming no content', () => {
    // 山田 in Shift_JIS.
    const shiftJis = Buffer.concat([Buffer.from(`${HEADER}\ns1,`), Buffer.from([0x8e, 0x52])]);
    expect(refusal(() => parseStudentRecords(shiftJis, FILE)).reason).toBe('it is not UTF-8 text');
  });

  test('refuses a file larger than the bound before decoding it', () => {
    const huge = Buffer.alloc(MAX_RECORDS_FILE_BYTES + 1, 0x20);
    expect(refusal(() => parseStudentRecords(huge, FILE)).reason).toBe('it is larger than 64 MiB');
  });
});

describe('the demo directory as the student records', () => {
  const directory = new DemoDirectory(join(__dirname, '..', '..', 'data', 'demo-students.json'));

  test('finds a student by a normalized ID, as a copy', async () => {
    const found = await directory.find('Ａ0123456 ');
    expect(found).toMatchObject({ studentId: 'a0123456', program: 'undergraduate', year: 4 });
    found!.name.en = 'Mallory';
    expect((await directory.find('a0123456'))?.name.en).toBe('Taro Kyodai');
    expect(await directory.find('z9999999')).toBeUndefined();
  });
});
