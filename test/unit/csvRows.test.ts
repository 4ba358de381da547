import { parseCsvRows, type CsvRow } from '../../src/students/csvRows';

class CsvProblem extends Error {
  constructor(
    readonly row: number,
    readonly problem: string,
  ) {
    super(`row ${row} ${problem}`);
  }
}

const rows = (text: string, limits?: { maxCell: number; maxCells: number }): CsvRow[] =>
  parseCsvRows(text, (row, problem) => new CsvProblem(row, problem), limits);

function problemOf(text: string, limits?: { maxCell: number; maxCells: number }): CsvProblem {
  try {
    rows(text, limits);
  } catch (err) {
    if (err instanceof CsvProblem) return err;
    throw err;
  }
  throw new Error('expected a CSV problem');
}

describe('parseCsvRows (RFC 4180)', () => {
  test('splits rows ended by LF, CRLF or CR, with or without a final line break', () => {
    const expected = [
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['c', 'd'] },
    ];
    expect(rows('a,b\nc,d')).toEqual(expected);
    expect(rows('a,b\nc,d\n')).toEqual(expected);
    expect(rows('a,b\r\nc,d\r\n')).toEqual(expected);
    expect(rows('a,b\rc,d\r')).toEqual(expected);
  });

  test('skips a byte order mark', () => {
    expect(rows('\uFEFFstudentId,year\r\n')).toEqual([{ row: 1, cells: ['studentId', 'year'] }]);
  });

  test('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    expect(rows('"a,b","say ""hi""","two\r\nlines",plain\n')).toEqual([
      { row: 1, cells: ['a,b', 'say "hi"', 'two\r\nlines', 'plain'] },
    ]);
    expect(rows('""\n"",x')).toEqual([{ row: 2, cells: ['', 'x'] }]);
  });

  test('numbers rows as a spreadsheet does: a break inside a cell is not a row', () => {
    expect(rows('h1,h2\n"a\nb",c\nd,e\n')).toEqual([
      { row: 1, cells: ['h1', 'h2'] },
      { row: 2, cells: ['a\nb', 'c'] },
      { row: 3, cells: ['d', 'e'] },
    ]);
  });

  test('leaves out rows without text, keeping the numbers of the others', () => {
    expect(rows('a,b\n\n , \n,,\nc,d\n\n')).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 5, cells: ['c', 'd'] },
    ]);
    expect(rows('')).toEqual([]);
    expect(rows('\r\n\r\n')).toEqual([]);
  });

  test('keeps empty cells and spaces around unquoted cells; allows spaces around quotes', () => {
    expect(rows('a,,b,\n')).toEqual([{ row: 1, cells: ['a', '', 'b', ''] }]);
    expect(rows(' a , "b,c" ,d\n')).toEqual([{ row: 1, cells: [' a ', 'b,c', 'd'] }]);
  });

  test.each([
    ['a quote never closed', 'h\n"abc\n', 2, 'has a quoted cell that is never closed'],
    ['a quote inside an unquoted cell', 'h\nab"c\n', 2, 'has a quote inside an unquoted cell'],
    ['text after a closing quote', 'h\n"ab"c,d\n', 2, 'has text after the closing quote'],
  ])('refuses %s, by row', (_case, text, row, problem) => {
    const error = problemOf(text);
    expect(error.row).toBe(row);
    expect(error.problem).toContain(problem);
  });

  test('bounds a huge cell, quoted or not, without repeating it', () => {
    const huge = 'x'.repeat(5000);
    for (const text of [`h\n${huge}\n`, `h\n"${huge}"\n`, `h\n"${huge}""${huge}"`]) {
      const error = problemOf(text);
      expect(error.row).toBe(2);
      expect(error.message).toBe('row 2 has a cell longer than 4096 characters');
    }
    expect(problemOf('h\n"ab""cd"', { maxCell: 4, maxCells: 8 }).problem).toContain('longer');
    expect(rows('h\n"ab""c"', { maxCell: 4, maxCells: 8 })[1].cells).toEqual(['ab"c']);
  });

  test('bounds the cells of a row', () => {
    expect(problemOf(`${','.repeat(300)}x\n`).message).toBe('row 1 has more than 256 cells');
  });
});
