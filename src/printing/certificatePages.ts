import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import type { CertificateFonts } from './certificateFonts';
import { drawQrCode } from './drawQrCode';

const A4: [number, number] = [595.28, 841.89];
export const MARGIN = 64;
export const GREY = rgb(0.35, 0.35, 0.35);
export const INK = rgb(0.1, 0.1, 0.1);
/** The body ends above the footer (print deadline, verification code, QR code). */
const BODY_BOTTOM = 190;
const QR_SIZE = 96;

/** What every page's header and footer say. */
export interface PageFrame {
  header: string;
  /** "Page n of m" of a document, from its page number and count. */
  pageLabel: (page: number, pages: number) => string;
  footerLines: { text: string; bold?: boolean; size: number }[];
  verificationCode: string;
  codeLabel: string;
  /** The verification URL, drawn as a QR code. */
  qrText: string;
}

/**
 * Lays text out on A4 pages that each carry the header, the footer with the verification code
 * and its QR code, and the page number within their document (a copy of one certificate):
 * {@link ensure} starts a new page when the next block would run into the footer, and
 * {@link endDocument} numbers the document's pages once their count is known.
 */
export class CertificatePages {
  /** The baseline of the next line. */
  y = 0;
  readonly width = A4[0] - 2 * MARGIN;
  private page!: PDFPage;
  private documentPages: PDFPage[] = [];
  private readonly characters = new WeakMap<PDFFont, Set<number>>();

  constructor(
    private readonly pdf: PDFDocument,
    readonly fonts: CertificateFonts,
    private readonly frame: PageFrame,
  ) {}

  /** Starts a document (a copy) on a new page. */
  startDocument(): void {
    this.documentPages = [];
    this.newPage();
  }

  /** Numbers the pages of the document just laid out. */
  endDocument(): void {
    const { regular } = this.fonts;
    this.documentPages.forEach((page, i) => {
      const label = this.safe(regular, this.frame.pageLabel(i + 1, this.documentPages.length));
      const x = A4[0] - MARGIN - regular.widthOfTextAtSize(label, 9);
      page.drawText(label, { x, y: A4[1] - MARGIN, size: 9, font: regular, color: GREY });
    });
  }

  /** True when a new page was needed for `height` points (the caller repeats its headings). */
  ensure(height: number): boolean {
    if (this.y - height >= BODY_BOTTOM) return false;
    this.newPage();
    return true;
  }

  text(value: string, x: number, size: number, font = this.fonts.regular, color = INK): void {
    this.page.drawText(this.safe(font, value), { x, y: this.y, size, font, color });
  }

  /** `value` ending at `right`. */
  rightAligned(value: string, right: number, size: number, font = this.fonts.regular): void {
    const safe = this.safe(font, value);
    this.text(safe, right - font.widthOfTextAtSize(safe, size), size, font);
  }

  centered(value: string, size: number, font = this.fonts.regular, color = INK): void {
    const safe = this.safe(font, value);
    this.text(
      safe,
      MARGIN + (this.width - font.widthOfTextAtSize(safe, size)) / 2,
      size,
      font,
      color,
    );
  }

  /** Lines of `value` no wider than `maxWidth` (words for Latin text, characters for Japanese). */
  wrap(value: string, font: PDFFont, size: number, maxWidth: number): string[] {
    const fits = (candidate: string): boolean =>
      font.widthOfTextAtSize(candidate, size) <= maxWidth;
    const tokens = this.fonts.standard
      ? this.safe(font, value).split(/\s+/).filter(Boolean)
      : [...this.safe(font, value)];
    const glue = this.fonts.standard ? ' ' : '';
    const lines: string[] = [];
    let current = '';
    for (const token of tokens) {
      const candidate = current ? `${current}${glue}${token}` : token;
      if (fits(candidate)) {
        current = candidate;
        continue;
      }
      if (current) lines.push(current.trimEnd());
      current = token.trimStart();
      // A word longer than the line (a URL) is cut where it no longer fits.
      while (!fits(current)) {
        let cut = current.length - 1;
        while (cut > 1 && !fits(current.slice(0, cut))) cut--;
        lines.push(current.slice(0, cut));
        current = current.slice(cut);
      }
    }
    if (current) lines.push(current);
    return lines.length > 0 ? lines : [''];
  }

  /** Draws `value` wrapped at `x`, moving down `leading` a line. */
  paragraph(value: string, x: number, size: number, leading: number, color = INK): void {
    for (const line of this.wrap(value, this.fonts.regular, size, MARGIN + this.width - x)) {
      this.ensure(leading);
      this.text(line, x, size, this.fonts.regular, color);
      this.y -= leading;
    }
  }

  private newPage(): void {
    this.page = this.pdf.addPage(A4);
    this.documentPages.push(this.page);
    this.y = A4[1] - MARGIN;
    this.text(this.frame.header, MARGIN, 11, this.fonts.bold, GREY);
    this.rule(this.y - 10);
    this.drawFooter();
    this.y -= 10;
  }

  private rule(y: number): void {
    this.page.drawLine({
      start: { x: MARGIN, y },
      end: { x: MARGIN + this.width, y },
      thickness: 0.8,
      color: GREY,
    });
  }

  private drawFooter(): void {
    const { regular, bold } = this.fonts;
    const top = MARGIN + QR_SIZE + 12;
    this.rule(top + 8);
    drawQrCode(this.page, this.frame.qrText, MARGIN + this.width - QR_SIZE, MARGIN - 8, QR_SIZE);
    const textWidth = this.width - QR_SIZE - 12;
    let y = top - 12;
    const line = (value: string, size: number, font: PDFFont, color = INK, x = MARGIN) => {
      this.page.drawText(this.safe(font, value), { x, y, size, font, color });
    };
    const codeLabel = this.safe(regular, this.frame.codeLabel);
    line(codeLabel, 11, regular);
    line(
      this.frame.verificationCode,
      13,
      bold,
      INK,
      MARGIN + regular.widthOfTextAtSize(codeLabel, 11) + 8,
    );
    y -= 18;
    for (const { text, bold: isBold, size } of this.frame.footerLines) {
      const font = isBold ? bold : regular;
      for (const wrapped of this.wrap(text, font, size, textWidth)) {
        line(wrapped, size, font, isBold ? INK : GREY);
        y -= size + 4;
      }
    }
  }

  /**
   * What `font` can draw of `value`: the standard fonts fold accents away (`Kōno` → `Kono`) and
   * draw `?` for the rest; the Japanese face draws `〓` (the geta mark Japanese documents use for
   * a missing character) rather than an empty box.
   */
  safe(font: PDFFont, value: string): string {
    let supported = this.characters.get(font);
    if (!supported) {
      supported = new Set(font.getCharacterSet());
      this.characters.set(font, supported);
    }
    const known = supported;
    const source = this.fonts.standard ? value.normalize('NFKD').replace(/\p{M}/gu, '') : value;
    const missing = this.fonts.standard ? '?' : '〓';
    return [...source]
      .map((c) => (c < ' ' || c === '\x7f' ? ' ' : c))
      .map((c) => (known.has(c.codePointAt(0)!) ? c : missing))
      .join('');
  }
}
