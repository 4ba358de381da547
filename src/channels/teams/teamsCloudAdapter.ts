import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';

/**
 * botbuilder's `CloudAdapter`, which `/api/messages` hands an activity it has already read and
 * checked (a JSON object with a text `type`, from a channel it serves): {@link processParsed}
 * runs the same authentication and turn as `CloudAdapter.process`, without `process`'s zod
 * checks of the request, the response and the body. Those walked every activity's whole object
 * tree twice and built their schemas anew on each request (about 3 % of a Teams turn), to find
 * what the route had found already.
 */
export class TeamsCloudAdapter extends CloudAdapter {
  /**
   * Authenticates `authHeader` for `activity` and runs `logic` as `process` would (its timestamps
   * read as dates, as `process` does). Rejects with botframework-connector's
   * `AuthenticationError` when the request is not authenticated; resolves with the invoke
   * response of an invoke activity, undefined otherwise.
   */
  processParsed(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, validateAndFixActivity(activity), logic);
  }
}
