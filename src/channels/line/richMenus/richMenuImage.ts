import { Resvg } from '@resvg/resvg-js';
import type { Texts } from '../../../i18n/i18n';
import type { Language } from '../../../i18n/language';
import { cellLabel, richMenuCells, RICH_MENU_SIZE, type RichMenuKind } from './richMenuLayout';

/**
 * BIZ UDPGothic Bold (SIL OFL 1.1, from npm): a Universal Design face made to be read small, on
 * screens, in Japanese and Latin alike; the proportional cut, so English labels are not set in
 * the monospaced Latin of BIZ UDGothic. Loaded explicitly: no system font is ever used, so the
 * image is the same on every machine.
 */
const FONT_FILE =
  require.resolve('@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf');
const FONT_FAMILY = 'BIZ UDPGothic';

const GAP = 24;
const COLORS = {
  background: '#e9eef5',
  cell: '#ffffff',
  text: '#1b2a41',
  primary: '#0b4a8b',
  primaryText: '#ffffff',
};
/** The largest text size, and the share of a cell's width the text may take. */
const MAX_FONT_PX = 120;
const TEXT_SHARE = 0.84;

/** How wide `text` is at most, in ems: full-width characters 1, others 0.5 (most Latin is narrower). */
function widthInEms(text: string): number {
  let ems = 0;
  for (const char of text) ems += /[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 1 : 0.5;
  return ems;
}

/** The label on one line, or on two at the space nearest its middle ("Get a / certificate"). */
function lineChoices(label: string): string[][] {
  const spaces = [...label.matchAll(/ /g)].map((m) => m.index);
  if (spaces.length === 0) return [[label]];
  const middle = spaces.reduce((a, b) =>
    Math.abs(b - label.length / 2) < Math.abs(a - label.length / 2) ? b : a,
  );
  return [[label], [label.slice(0, middle), label.slice(middle + 1)]];
}

/** The lines and text size that draw `label` largest within a `width`×`height` tile. */
function fit(label: string, width: number, height: number): { lines: string[]; size: number } {
  let best = { lines: [label], size: 0 };
  for (const lines of lineChoices(label)) {
    const widest = Math.max(...lines.map(widthInEms));
    const size = Math.floor(
      Math.min(MAX_FONT_PX, (width * TEXT_SHARE) / widest, (height * 0.6) / (lines.length * 1.2)),
    );
    if (size > best.size) best = { lines, size };
  }
  return best;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The menu as SVG: one rounded tile a cell, its label centred, as large as fits. */
export function richMenuSvg(texts: Texts, kind: RichMenuKind, language: Language): string {
  const { width, height } = RICH_MENU_SIZE;
  const tiles = richMenuCells(kind, language).map((cell) => {
    const { x, y, width: w, height: h } = cell.bounds;
    const label = cellLabel(texts, language, cell);
    const { lines, size } = fit(label, w - 2 * GAP, h - 2 * GAP);
    // Lines 1.2 ems apart, the block centred on the tile.
    const first = y + h / 2 - ((lines.length - 1) * 1.2 * size) / 2;
    const spans = lines.map(
      (line, i) =>
        `<tspan x="${x + w / 2}" y="${first + i * 1.2 * size}">${escapeXml(line)}</tspan>`,
    );
    const fill = cell.primary ? COLORS.primary : COLORS.cell;
    const ink = cell.primary ? COLORS.primaryText : COLORS.text;
    return [
      `<rect x="${x + GAP}" y="${y + GAP}" width="${w - 2 * GAP}" height="${h - 2 * GAP}" rx="48" fill="${fill}"/>`,
      `<text font-size="${size}" fill="${ink}" text-anchor="middle" dominant-baseline="central">${spans.join('')}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${COLORS.background}"/>`,
    `<g font-family="${FONT_FAMILY}" font-weight="700">${tiles.join('')}</g>`,
    '</svg>',
  ].join('');
}

/** The menu's image: a PNG of exactly {@link RICH_MENU_SIZE}, text drawn with the bundled font. */
export function renderRichMenuImage(texts: Texts, kind: RichMenuKind, language: Language): Buffer {
  const resvg = new Resvg(richMenuSvg(texts, kind, language), {
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}
