import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { CATALOGUE, paidOrder, renderFixture, TARO } from '../support/printFixtures';

const CODE = '7KQM-2XHD-PW9R'; // as renderFixture prints
const ISSUED_AT = '2024-01-16T15:05:00.000+09:00';

interface DrawnText {
  x: number;
  y: number;
  text: string;
}

/**
 * The texts drawn on each page, read back from the content streams (pdf-lib draws standard-font
 * text as `1 0 0 1 x y Tm <hex> Tj`, WinAnsi-encoded).
 */
async function pageTexts(bytes: Uint8Array): Promise<DrawnText[][]> {
  const pdf = await PDFDocument.load(bytes);
  return pdf.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams = contents && 'asArray' in contents ? contents.asArray() : [contents];
    const texts: DrawnText[] = [];
    for (const ref of streams) {
      const stream = pdf.context.lookup(ref) as unknown as { getContents(): Uint8Array };
      const source = inflateSync(Buffer.from(stream.getContents())).toString('latin1');
      for (const m of source.matchAll(/1 0 0 1 ([\d.-]+) ([\d.-]+) Tm\s*<([0-9A-Fa-f]*)> Tj/g)) {
        const text = Buffer.from(m[3], 'hex').toString('latin1').replace(/\x97/g, '—');
        texts.push({ x: Number(m[1]), y: Number(m[2]), text });
      }
    }
    return texts;
  });
}

describe('certificate PDF', () => {
  const render = (
    order = paidOrder(),
    student = TARO,
    catalogue = CATALOGUE,
    publicUrl = 'https://cert.example.ac.jp/',
  ) => renderFixture({ order, student, catalogue, publicUrl, issuedAt: ISSUED_AT });

  it('is a PDF with one page per copy of each line', async () => {
    const bytes = await render();
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(3);
    expect(pdf.getSubject()).toBe(`Verification code ${CODE}`);
    expect(pdf.getCreationDate()?.toISOString()).toBe('2024-01-16T06:05:00.000Z');
  });

  it('prints the header, title, student, dates, order and the verification link on every English page', async () => {
    // The third page is the Japanese transcript, in a font these text checks cannot read back.
    const pages = (await pageTexts(await render())).slice(0, 2);
    const copies = ['Copy 1 of 2', 'Copy 2 of 2'];
    pages.forEach((texts, i) => {
      const lines = texts.map((t) => t.text);
      expect(lines).toEqual(
        expect.arrayContaining([
          'Certificate Issuance Service — DEMO',
          'Page 1 of 1',
          'Certificate of Enrollment',
          copies[i],
          'Taro Kyodai',
          'a0123456',
          'Faculty of Engineering',
          'Undergraduate, year 3',
          '16 January 2024',
          'ORD-20240116-0001',
          'Valid for printing until 23 January 2024, 23:59 JST',
          CODE,
          `Verify at https://cert.example.ac.jp/verify/${CODE}`,
        ]),
      );
      // Everything sits on the A4 page, inside the margins.
      for (const { x, y } of texts) {
        expect(x).toBeGreaterThanOrEqual(60);
        expect(x).toBeLessThan(595);
        expect(y).toBeGreaterThan(60);
        expect(y).toBeLessThan(842);
      }
    });
  });

  it('folds accents and replaces what the standard font cannot draw, instead of failing', async () => {
    const student = {
      ...TARO,
      name: { ja: '河野 太郎', en: 'Kōno Tarō 河野' },
      program: 'graduate' as const,
      year: 1,
    };
    const [first] = await pageTexts(
      await render(
        paidOrder({
          lines: [{ certificateId: 'enrollment', language: 'en', copies: 1, unitFee: 400 }],
        }),
        student,
      ),
    );
    const lines = first.map((t) => t.text);
    expect(lines).toContain('Kono Taro ??');
    expect(lines).toContain('Graduate, year 1');
  });

  it('wraps a long title and a long URL instead of running off the page', async () => {
    const long =
      'Certificate of Expected Graduation and Completion of the Graduate School Program in Engineering';
    const bytes = await render(
      paidOrder({ lines: [{ certificateId: 'x', language: 'en', copies: 1, unitFee: 400 }] }),
      TARO,
      {
        ...CATALOGUE,
        certificates: [{ ...CATALOGUE.certificates[0], id: 'x', name: { ja: long, en: long } }],
      },
      `https://${'very-long-host-name.'.repeat(6)}example.ac.jp`,
    );
    const [texts] = await pageTexts(bytes);
    const titleLines = texts.filter((t) => long.includes(t.text) && t.text.length > 10);
    expect(titleLines.length).toBeGreaterThan(1);
    expect(titleLines.map((t) => t.text).join(' ')).toBe(long);
    expect(texts.filter((t) => t.text.includes('very-long-host')).length).toBeGreaterThan(1);
  });
});
