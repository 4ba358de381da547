import type { PushLineQuota } from '../staffDesk';
import type { InputProblem } from '../staffInput';

/** The stable codes of the staff API's refusals; `locales/<lng>/staffApi.json` has a sentence for each. */
export type StaffApiErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'order_not_found'
  | 'push_not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'body_too_large'
  | 'bad_json'
  | 'invalid_request'
  | 'idempotency_key_in_use'
  | 'idempotency_key_reused'
  | 'line_quota_exceeded'
  | 'unavailable';

/**
 * A request the staff API refuses. The route answers `status` with
 * `{ error: { code, message, problems? } }`, the message in the caller's language.
 */
export class StaffApiError extends Error {
  override readonly name = 'StaffApiError';

  constructor(
    readonly status: number,
    readonly code: StaffApiErrorCode,
    readonly problems: InputProblem[] = [],
    readonly headers: Record<string, string> = {},
    /** For `line_quota_exceeded`: the quota and what the push needs, sent beside the message. */
    readonly lineQuota?: PushLineQuota,
  ) {
    super(`staff API request refused: ${code} (${status})`);
  }
}
