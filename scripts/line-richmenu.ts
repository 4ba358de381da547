/**
 * Creates or replaces the bot's four LINE rich menus (guest and member, Japanese and English)
 * and makes the Japanese guest menu the default, with the service's LINE settings:
 *
 *   LINE_CHANNEL_SECRET=… LINE_CHANNEL_ACCESS_TOKEN=… npm run line:richmenu
 *
 * Safe to run again; see README, "Connecting LINE". Exits 1 when the users of the replaced menus
 * could not be moved to the new ones (the replaced menus are then kept).
 */
import { loadConfig } from '../src/config/config';
import { Texts } from '../src/i18n/i18n';
import { lineRichMenuApi } from '../src/channels/line/richMenus/richMenuApi';
import {
  installRichMenus,
  type RichMenuInstall,
} from '../src/channels/line/richMenus/richMenuSetup';
import type { UserMoveTiming } from '../src/channels/line/richMenus/richMenuUserMove';

/** Sets the menus up with the LINE settings in `env`; throws one sentence when they are missing. */
export async function setUpLineRichMenus(
  env: Record<string, string | undefined>,
  timing?: UserMoveTiming,
): Promise<RichMenuInstall> {
  const { line } = loadConfig(env);
  if (!line) {
    throw new Error('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set.');
  }
  return installRichMenus(lineRichMenuApi(line), await Texts.load(), timing);
}

/** What the script prints: a line a menu, and the problem (for stderr) when users were not moved. */
export function richMenuReport(install: RichMenuInstall): { lines: string[]; problem?: string } {
  const lines = install.menus.map(
    (menu) =>
      `${menu.aliasId}: ${menu.richMenuId} (image ${menu.imageBytes} bytes)` +
      `${menu.isDefault ? ', default' : ''}` +
      `${menu.replaced ? `, ${menu.keptReplaced ? 'kept' : 'replaced'} ${menu.replaced}` : ''}`,
  );
  const move = install.userMove;
  if (!move || move.outcome === 'succeeded') return { lines };
  const why =
    move.outcome === 'failed'
      ? `failed (${move.reason})`
      : `did not finish in time${move.reason ? ` (last: ${move.reason})` : ''}`;
  return {
    lines,
    problem:
      `Moving the users of the old menus to the new ones ${why}` +
      `${move.requestId ? `; LINE request id ${move.requestId}` : ''}. ` +
      'The old menus are kept so that their users still see a menu; the new menus are in place.',
  };
}

if (require.main === module) {
  setUpLineRichMenus(process.env).then(
    (install) => {
      const { lines, problem } = richMenuReport(install);
      for (const line of lines) process.stdout.write(`${line}\n`);
      if (problem) {
        process.stderr.write(`${problem}\n`);
        process.exit(1);
      }
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
