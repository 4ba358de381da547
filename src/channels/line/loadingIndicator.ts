import type { Logger } from '../../platform/logger';
import { lineErrorFields } from './errors';
import type { LineClient } from './lineClient';

/** How long LINE shows the animation at most; it disappears anyway when our answer arrives. */
export const LOADING_SECONDS = 20;

/**
 * LINE's "typing…" animation for one turn in a 1:1 chat: shown once, and only if the turn
 * is still running after `delayMs` (or the bot sends a typing activity). Failures are logged
 * and ignored; the animation is a courtesy.
 */
export class LoadingIndicator {
  private timer: NodeJS.Timeout | undefined;
  private shown = false;
  private stopped = false;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: Pick<LineClient, 'showLoadingAnimation'>,
    private readonly logger: Logger,
    private readonly chatId: string,
    private readonly delayMs: number,
  ) {}

  start(): void {
    this.timer = setTimeout(() => this.show(), this.delayMs);
  }

  /** Shows the animation now, unless it was shown already or the turn is over. */
  show(): void {
    if (this.shown || this.stopped) return;
    this.shown = true;
    this.pending = this.client.showLoadingAnimation(this.chatId, LOADING_SECONDS).catch((err) => {
      this.logger.warn(lineErrorFields(err), 'LINE loading animation failed');
    });
  }

  /**
   * Ends the turn's animation window. Waits for a request in flight so that it cannot reach
   * LINE after our answer and leave the animation spinning under it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pending;
  }
}
