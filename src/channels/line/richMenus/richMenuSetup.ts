import type { messagingApi } from '@line/bot-sdk';
import type { Texts } from '../../../i18n/i18n';
import type { Language } from '../../../i18n/language';
import type { RichMenuApi } from './richMenuApi';
import {
  DEFAULT_USER_MOVE_TIMING,
  moveRichMenuUsers,
  type RichMenuUserMove,
  type UserMoveTiming,
} from './richMenuUserMove';
import { renderRichMenuImage } from './richMenuImage';
import {
  cellLabel,
  DEFAULT_RICH_MENU,
  everyRichMenu,
  richMenuAlias,
  richMenuCells,
  RICH_MENU_SIZE,
  type RichMenuKind,
} from './richMenuLayout';

/** LINE refuses a rich menu image over 1 MB. */
export const MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;

/** One menu as the setup left it. */
export interface InstalledRichMenu {
  aliasId: string;
  richMenuId: string;
  /** The menu the alias pointed at before; undefined on the first run. */
  replaced?: string;
  /** True when `replaced` is still there because its users could not be moved (see `userMove`). */
  keptReplaced?: boolean;
  imageBytes: number;
  isDefault: boolean;
}

/** What a run of the setup left. */
export interface RichMenuInstall {
  menus: InstalledRichMenu[];
  /** Moving the users of the replaced menus to the new ones; undefined when none was replaced. */
  userMove?: RichMenuUserMove;
}

/** The menu as LINE takes it: every cell a postback whose `displayText` shows what was tapped. */
export function richMenuRequest(
  texts: Texts,
  kind: RichMenuKind,
  language: Language,
): messagingApi.RichMenuRequest {
  return {
    size: RICH_MENU_SIZE,
    selected: true,
    name: `certificate-bot ${richMenuAlias(kind, language)}`,
    chatBarText: texts.t(language)('richMenu.chatBar'),
    areas: richMenuCells(kind, language).map((cell) => {
      const label = cellLabel(texts, language, cell);
      return {
        bounds: cell.bounds,
        action: { type: 'postback', label, data: cell.data, displayText: label },
      };
    }),
  };
}

/**
 * Creates or replaces the four menus (guest and member, Japanese and English) and makes the
 * Japanese guest menu the default. Safe to run again: a menu is found by its alias, the new one
 * is made complete (image included) before the alias moves to it; then the users linked to the
 * menus the aliases pointed at move to the new menus in one LINE batch, and only once LINE reports
 * it succeeded are those menus deleted. When it fails or takes too long they are kept (their users
 * still see them), and `userMove` says why. Menus without one of these aliases are never touched.
 */
export async function installRichMenus(
  api: RichMenuApi,
  texts: Texts,
  timing: UserMoveTiming = DEFAULT_USER_MOVE_TIMING,
): Promise<RichMenuInstall> {
  const aliases = new Map((await api.aliases()).map((a) => [a.aliasId, a.richMenuId]));
  const menus: InstalledRichMenu[] = [];
  try {
    for (const { kind, language } of everyRichMenu()) {
      const aliasId = richMenuAlias(kind, language);
      menus.push(await installRichMenu(api, texts, kind, language, aliases.get(aliasId)));
    }
  } catch (err) {
    // The aliases moved so far lead to new menus: move those old menus' users all the same.
    await retireReplacedMenus(api, menus, timing).catch(() => undefined);
    throw err;
  }
  const userMove = await retireReplacedMenus(api, menus, timing);
  if (!userMove) return { menus };
  const kept = userMove.outcome !== 'succeeded';
  return {
    menus: menus.map((menu) => (kept && menu.replaced ? { ...menu, keptReplaced: true } : menu)),
    userMove,
  };
}

/** One menu made complete, its alias moved to it; the menu it replaces is left for later. */
async function installRichMenu(
  api: RichMenuApi,
  texts: Texts,
  kind: RichMenuKind,
  language: Language,
  replaced: string | undefined,
): Promise<InstalledRichMenu> {
  const aliasId = richMenuAlias(kind, language);
  const png = renderRichMenuImage(texts, kind, language);
  if (png.length > MAX_RICH_MENU_IMAGE_BYTES) {
    throw new Error(`The ${aliasId} image is ${png.length} bytes; LINE takes at most 1 MB.`);
  }
  const richMenuId = await api.create(richMenuRequest(texts, kind, language));
  try {
    await api.uploadImage(richMenuId, png);
  } catch (err) {
    // A menu without an image cannot be shown: leave nothing half made behind.
    await api.delete(richMenuId).catch(() => undefined);
    throw err;
  }
  if (replaced) await api.updateAlias(aliasId, richMenuId);
  else await api.createAlias(aliasId, richMenuId);
  const isDefault = kind === DEFAULT_RICH_MENU.kind && language === DEFAULT_RICH_MENU.language;
  if (isDefault) await api.setDefault(richMenuId);
  return {
    aliasId,
    richMenuId,
    ...(replaced && replaced !== richMenuId ? { replaced } : {}),
    imageBytes: png.length,
    isDefault,
  };
}

/**
 * Moves the users of the replaced menus to the new ones and, once LINE reports that done,
 * deletes the replaced menus; keeps them otherwise, since deleting a menu drops its users to the
 * default (guest) menu.
 */
async function retireReplacedMenus(
  api: RichMenuApi,
  menus: InstalledRichMenu[],
  timing: UserMoveTiming,
): Promise<RichMenuUserMove | undefined> {
  const links = menus.flatMap((m) => (m.replaced ? [{ from: m.replaced, to: m.richMenuId }] : []));
  if (links.length === 0) return undefined;
  const userMove = await moveRichMenuUsers(api, links, timing);
  if (userMove.outcome === 'succeeded') for (const { from } of links) await api.delete(from);
  return userMove;
}
