import type { Texts } from '../../../i18n/i18n';
import { LANGUAGES, type Language } from '../../../i18n/language';

/** Who a rich menu is for: a student not logged in, or one whose LINE account is linked. */
export type RichMenuKind = 'guest' | 'member';
export const RICH_MENU_KINDS: readonly RichMenuKind[] = ['guest', 'member'];

/** LINE's full-size rich menu: 2500×1686, two rows of three cells. */
export const RICH_MENU_SIZE = { width: 2500, height: 1686 } as const;
const COLUMN = [0, 833, 1667, 2500];
const ROW = [0, 843, 1686];

/**
 * One tappable area. `data` is the postback data: a word the bot already understands typed —
 * a global command (`help`, `manual`, `login`, `english`, `japanese`) or a menu entry's value
 * (`apply`, `orders`, `settings`) — so a tap runs the same dialog as the words.
 */
export interface RichMenuCell {
  data: string;
  /** Locale key (namespace `bot`) of the text drawn and shown in the chat when tapped. */
  labelKey: string;
  bounds: { x: number; y: number; width: number; height: number };
  /** The entry students look for first: drawn in the accent colour. */
  primary?: boolean;
}

/** The cell spanning columns `from`..`to` (exclusive) of `row`. */
function cell(row: number, from: number, to: number): RichMenuCell['bounds'] {
  return { x: COLUMN[from], y: ROW[row], width: COLUMN[to] - COLUMN[from], height: ROW[1] };
}

/** The language button switches to the other language, labelled in that language. */
function languageCell(language: Language): RichMenuCell {
  const other: Language = language === 'ja' ? 'en' : 'ja';
  return {
    data: other === 'en' ? 'english' : 'japanese',
    labelKey: `language.${other}`,
    bounds: cell(1, 2, 3),
  };
}

/** The cells of a menu, top row first. */
export function richMenuCells(kind: RichMenuKind, language: Language): RichMenuCell[] {
  const apply = { data: 'apply', labelKey: 'menu.apply', primary: true };
  const top: RichMenuCell[] =
    kind === 'guest'
      ? [
          { ...apply, bounds: cell(0, 0, 2) },
          { data: 'login', labelKey: 'menu.login', bounds: cell(0, 2, 3) },
        ]
      : [
          { ...apply, bounds: cell(0, 0, 1) },
          { data: 'orders', labelKey: 'menu.orders', bounds: cell(0, 1, 2) },
          { data: 'settings', labelKey: 'menu.settings', bounds: cell(0, 2, 3) },
        ];
  return [
    ...top,
    { data: 'help', labelKey: 'menu.help', bounds: cell(1, 0, 1) },
    { data: 'manual', labelKey: 'menu.manual', bounds: cell(1, 1, 2) },
    languageCell(language),
  ];
}

/**
 * The rich menu alias id of a menu (LINE: 1–32 of `[A-Za-z0-9_-]`). The aliases are how the
 * setup script finds its own menus again and how students are given theirs.
 */
export function richMenuAlias(kind: RichMenuKind, language: Language): string {
  return `certbot-${kind}-${language}`;
}

/** The menu LINE shows everyone who has no menu of their own: the guest menu in Japanese. */
export const DEFAULT_RICH_MENU = { kind: 'guest', language: 'ja' } as const satisfies {
  kind: RichMenuKind;
  language: Language;
};

/** Every menu the project makes: each kind in each language. */
export function everyRichMenu(): { kind: RichMenuKind; language: Language }[] {
  return RICH_MENU_KINDS.flatMap((kind) => LANGUAGES.map((language) => ({ kind, language })));
}

/** The label of a cell in `language`. */
export function cellLabel(texts: Texts, language: Language, cell: RichMenuCell): string {
  return texts.t(language)(cell.labelKey);
}
