import { HTTPFetchError } from '@line/bot-sdk';
import type { RichMenuApi } from './richMenuApi';

/** A replaced menu and the menu its users move to. */
export interface RichMenuLink {
  from: string;
  to: string;
}

/** How moving the users of replaced menus to the new menus ended. */
export type RichMenuUserMove =
  | { outcome: 'succeeded'; requestId: string }
  /** LINE refused the batch (`requestId` undefined) or reported it `failed`. */
  | { outcome: 'failed'; requestId?: string; reason: string }
  /** Still not finished after `giveUpAfterMs`; LINE may yet finish it. */
  | { outcome: 'timedOut'; requestId: string; reason?: string };

/** How often, and how long, to look at a batch's progress. */
export interface UserMoveTiming {
  pollEveryMs: number;
  giveUpAfterMs: number;
  sleep(ms: number): Promise<void>;
}

export const DEFAULT_USER_MOVE_TIMING: UserMoveTiming = {
  pollEveryMs: 2_000,
  // LINE moves users one by one in the background; a large channel takes minutes.
  giveUpAfterMs: 10 * 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Moves every user linked to each `from` menu to its `to` menu with one LINE batch (one request
 * for all links: LINE processes batches in the background and rate-limits them strictly), and
 * waits until LINE reports it finished. Never throws: a refusal, a `failed` phase or a batch
 * still running after `giveUpAfterMs` is the outcome, so the caller can keep the old menus.
 */
export async function moveRichMenuUsers(
  api: RichMenuApi,
  links: RichMenuLink[],
  timing: UserMoveTiming = DEFAULT_USER_MOVE_TIMING,
): Promise<RichMenuUserMove> {
  let requestId: string;
  try {
    requestId = await api.linkBatch(links);
  } catch (err) {
    return { outcome: 'failed', reason: describeError(err) };
  }
  let lastError: string | undefined;
  for (let waited = 0; waited < timing.giveUpAfterMs; waited += timing.pollEveryMs) {
    await timing.sleep(timing.pollEveryMs);
    try {
      const phase = await api.batchProgress(requestId);
      if (phase === 'succeeded') return { outcome: 'succeeded', requestId };
      if (phase === 'failed') {
        return { outcome: 'failed', requestId, reason: 'LINE reported the batch failed' };
      }
      lastError = undefined;
    } catch (err) {
      // The batch runs on at LINE whatever happens to one look at it: look again.
      lastError = describeError(err);
    }
  }
  return { outcome: 'timedOut', requestId, ...(lastError ? { reason: lastError } : {}) };
}

function describeError(err: unknown): string {
  if (err instanceof HTTPFetchError) return `LINE answered ${err.status}: ${err.body}`;
  return err instanceof Error ? err.message : String(err);
}
