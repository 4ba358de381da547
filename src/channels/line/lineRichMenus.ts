import type { Clock } from '../../platform/clock';
import type { Logger } from '../../platform/logger';
import type { Language } from '../../i18n/language';
import type { ChatAccount } from '../../students/student';
import type { ChatMenuKind, ChatMenus } from '../../students/chatMenus';
import { LineApiError, lineErrorFields } from './errors';
import type { LineRateLimiter } from './lineRateLimiter';
import { DEFAULT_RICH_MENU, richMenuAlias } from './richMenus/richMenuLayout';

/** The per-user rich-menu calls of the Messaging API (`LineMessagingClient` has them). */
export interface RichMenuLinking {
  richMenuOfAlias(aliasId: string): Promise<string>;
  linkRichMenu(userId: string, richMenuId: string): Promise<void>;
  unlinkRichMenu(userId: string): Promise<void>;
}

export interface LineRichMenusDeps {
  client: RichMenuLinking;
  limiter: LineRateLimiter;
  clock: Clock;
  logger: Logger;
}

/**
 * How long an alias's menu is remembered. `npm run line:richmenu` moves the aliases to new
 * menus and deletes the old ones; after this long every instance links the new ones.
 */
const ALIAS_TTL_MS = 60_000;

/**
 * {@link ChatMenus} on LINE: links the user to the rich menu of `certbot-<kind>-<language>`
 * (found by its alias), or, for the default menu (the Japanese guest menu), unlinks them so LINE
 * shows the default. Each call takes a slot of the `richMenu` rate budget. A failure is logged
 * and swallowed: the student's turn goes on, and the next change links the right menu.
 */
export class LineRichMenus implements ChatMenus {
  /** Each alias's menu, or undefined while LINE says there is no such alias (not set up). */
  private readonly aliases = new Map<string, { richMenuId: string | undefined; until: number }>();

  constructor(private readonly deps: LineRichMenusDeps) {}

  async show(account: ChatAccount, kind: ChatMenuKind, language: Language): Promise<void> {
    if (account.channel !== 'line') return;
    const aliasId = richMenuAlias(kind, language);
    try {
      if (kind === DEFAULT_RICH_MENU.kind && language === DEFAULT_RICH_MENU.language) {
        await this.deps.limiter.take('richMenu');
        await this.deps.client.unlinkRichMenu(account.accountId);
        return;
      }
      const richMenuId = await this.richMenuOf(aliasId);
      // No such menu (logged when found out): LINE keeps showing the default one.
      if (richMenuId === undefined) return;
      await this.deps.limiter.take('richMenu');
      await this.deps.client.linkRichMenu(account.accountId, richMenuId);
    } catch (err) {
      // A menu deleted since (the setup script ran again): look the alias up afresh next time.
      if (err instanceof LineApiError && (err.status === 400 || err.status === 404)) {
        this.aliases.delete(aliasId);
      }
      this.deps.logger.warn(
        { ...lineErrorFields(err), aliasId },
        'LINE rich menu not changed; it follows the next change',
      );
    }
  }

  /**
   * The menu of an alias, remembered for a minute; an alias LINE does not know (the menus were
   * never set up on this channel) is remembered too, and said once a minute, not at every
   * student's login or language switch.
   */
  private async richMenuOf(aliasId: string): Promise<string | undefined> {
    const now = this.deps.clock.now().toMillis();
    const cached = this.aliases.get(aliasId);
    if (cached && cached.until > now) return cached.richMenuId;
    await this.deps.limiter.take('richMenu');
    let richMenuId: string | undefined;
    try {
      richMenuId = await this.deps.client.richMenuOfAlias(aliasId);
    } catch (err) {
      if (!(err instanceof LineApiError && err.status === 404)) throw err;
      this.deps.logger.warn(
        { aliasId },
        'LINE rich menu alias not found: run `npm run line:richmenu` to set the menus up',
      );
    }
    this.aliases.set(aliasId, { richMenuId, until: now + ALIAS_TTL_MS });
    return richMenuId;
  }
}
