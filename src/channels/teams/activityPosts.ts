import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/**
 * Makes `client` post a turn's activities (`replyToActivity`, `sendToConversation`) as the JSON
 * botbuilder holds, through the client's own HTTP pipeline: the same credentials signing each
 * request, the same retries (429 with `Retry-After`, 5xx, network errors), proxy settings,
 * redirects and user agent. What it skips is the Azure serializer, which walked each activity
 * through botbuilder's model mappers to build a copy of it, and the mapping of the answer (which
 * the pipeline has parsed already): together about a tenth of a Teams turn. A non-2xx answer
 * throws a `RestError` with its status, as the mapped operations did. Every other operation of
 * the client is left as it was.
 */
export function postActivitiesDirectly(client: ConnectorClient): ConnectorClient {
  const base = baseUrlOf(client);
  const insecure = base.toLowerCase().startsWith('http:');
  const conversations = client.conversations;
  const post = async (
    conversationId: string,
    path: string,
    activity: Partial<Activity>,
  ): Promise<ResourceResponse> => {
    const request = createPipelineRequest({
      url: `${base}v3/conversations/${encodeURIComponent(conversationId)}/activities${path}`,
      method: 'POST',
      headers: createHttpHeaders({
        'Content-Type': 'application/json; charset=utf-8',
        Accept: 'application/json',
        'x-ms-conversation-id': conversationId,
      }),
      body: JSON.stringify(activity),
      // As the client allows its own operations: plain HTTP only to a service URL that says so
      // (the Emulator's, on this machine; activityRefusal.ts refuses any other without an app id).
      allowInsecureConnection: insecure,
    });
    const response = await client.sendRequest(request);
    // JSON answers come parsed by the pipeline's deserialization policy (undefined otherwise).
    const body = response.parsedBody as ConnectorAnswer | undefined;
    if (response.status < 200 || response.status > 299) {
      const code = body?.error?.code;
      throw new RestError(`the connector answered ${response.status}`, {
        statusCode: response.status,
        code: typeof code === 'string' ? code.slice(0, 100) : undefined,
      });
    }
    return { id: typeof body?.id === 'string' ? body.id : '' };
  };
  Object.assign(conversations, {
    replyToActivity: (conversationId: string, activityId: string, activity: Partial<Activity>) =>
      post(conversationId, `/${encodeURIComponent(activityId)}`, activity),
    sendToConversation: (conversationId: string, activity: Partial<Activity>) =>
      post(conversationId, '', activity),
  });
  return client;
}

/** The client's service URL with one trailing slash (Teams sends it with one, others not). */
function baseUrlOf(client: ConnectorClient): string {
  const base = (client as unknown as { baseUri?: string }).baseUri ?? '';
  return base.endsWith('/') ? base : `${base}/`;
}

/** What the connector answers: a resource id, or an error with a code. */
interface ConnectorAnswer {
  id?: unknown;
  error?: { code?: unknown };
}
