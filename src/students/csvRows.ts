/** One record of a CSV file: its cells, and its row number as a spreadsheet shows it (from 1). */
export interface CsvRow {
  row: number;
  cells: string[];
}

/** Bounds that keep a damaged or hostile file from costing much memory. */
export interface CsvLimits {
  /** Characters in one cell. */
  maxCell: number;
  /** Cells in one row. */
  maxCells: number;
}

const DEFAULT_LIMITS: CsvLimits = { maxCell: 4096, maxCells: 256 };

const COMMA = 0x2c;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Splits CSV text (RFC 4180) into rows of cells: comma separated, rows ended by CRLF, LF or CR,
 * a leading byte order mark skipped; a quoted cell may hold commas, line breaks and `""` for a
 * quote. Spaces around a quoted cell are allowed; a quote inside an unquoted cell, text after a
 * closing quote and a quote never closed are refused. Rows without text in any cell are left out
 * (their numbers are skipped); a line break inside a quoted cell does not start a new row number,
 * as in a spreadsheet. `fail` makes the error of a problem in a given row; the message
 * never repeats the file's content.
 */
export function parseCsvRows(
  text: string,
  fail: (row: number, problem: string) => Error,
  limits: CsvLimits = DEFAULT_LIMITS,
): CsvRow[] {
  const rows: CsvRow[] = [];
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 1;
  let cells: string[] = [];
  const tooLong = () => fail(row, `has a cell longer than ${limits.maxCell} characters`);
  while (at <= text.length) {
    let start = at;
    while (isBlank(text.charCodeAt(start))) start += 1;
    let cell: string;
    if (text.charCodeAt(start) === QUOTE) {
      let value = '';
      at = start + 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw fail(row, 'has a quoted cell that is never closed');
        if (value.length + (quote - at) > limits.maxCell) throw tooLong();
        value += text.slice(at, quote);
        if (text.charCodeAt(quote + 1) !== QUOTE) {
          at = quote + 1;
          break;
        }
        value += '"';
        at = quote + 2;
      }
      while (isBlank(text.charCodeAt(at))) at += 1;
      if (at < text.length && !isSeparator(text.charCodeAt(at))) {
        throw fail(row, 'has text after the closing quote of a cell');
      }
      cell = value;
    } else {
      let end = at;
      while (end < text.length && !isSeparator(text.charCodeAt(end))) {
        if (text.charCodeAt(end) === QUOTE) throw fail(row, 'has a quote inside an unquoted cell');
        end += 1;
        if (end - at > limits.maxCell) throw tooLong();
      }
      cell = text.slice(at, end);
      at = end;
    }
    cells.push(cell);
    if (cells.length > limits.maxCells) throw fail(row, `has more than ${limits.maxCells} cells`);
    const next = text.charCodeAt(at);
    if (next === COMMA) {
      at += 1;
      continue;
    }
    // A line break or the end of the text ends the row.
    if (cells.some((value) => value.trim() !== '')) rows.push({ row, cells });
    cells = [];
    row += 1;
    if (at >= text.length) break;
    at += next === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
  }
  return rows;
}

function isSeparator(code: number): boolean {
  return code === COMMA || code === CR || code === LF;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}
