import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  defaultRetryPolicy,
  proxyPolicy,
  redirectPolicy,
  RestError,
  setClientRequestIdPolicy,
  userAgentPolicy,
  type HttpClient,
  type Pipeline,
  type PipelinePolicy,
  type ProxySettings,
} from '@azure/core-rest-pipeline';
import type { Activity, ResourceResponse } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';

/** One HTTP client (keep-alive agents) for every connector client's posts. */
let sharedHttpClient: HttpClient | undefined;

/**
 * Makes `client` post a turn's activities (`replyToActivity`, `sendToConversation`) as the JSON
 * botbuilder holds, through a pipeline of the Azure SDK's own policies that keeps what a post
 * needs from the client's: its credentials signing each request (once, before the retries), its
 * user agent and a client request id, the proxy settings (`HTTPS_PROXY`, `HTTP_PROXY`,
 * `NO_PROXY`, or the client's own), the retries (429 waited out after its `Retry-After`, 5xx
 * and network errors, exponentially) and redirects.
 *
 * What it leaves out, about a sixth of a Teams turn's CPU together (issue 17): the Azure
 * serializer, which walked each activity through botbuilder's model mappers to build a copy of it;
 * botbuilder's compatibility layer, which converted every request to an old-style `WebResource`
 * and back and signed it twice (once around the pipeline, once inside it) for a policy that only
 * sets `Accept`; tracing spans (no tracer is configured), the SDK's request logging, and the
 * deserializer and response decompression (the connector answers a few bytes of JSON, read here).
 * A non-2xx answer throws a `RestError` with its status, as the mapped operations did. Every other
 * operation of the client is left as it was.
 */
export function postActivitiesDirectly(client: ConnectorClient): ConnectorClient {
  const base = baseUrlOf(client);
  const insecure = base.toLowerCase().startsWith('http:');
  const pipeline = postingPipeline(client);
  const httpClient = (sharedHttpClient ??= createDefaultHttpClient());
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
    const response = await pipeline.sendRequest(httpClient, request);
    const body = jsonOf(response.bodyAsText);
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

/**
 * The policies of the client's own pipeline a post needs, in its order (Azure's
 * `createPipelineFromOptions`, with the client's sign-request policy where botbuilder puts it).
 */
function postingPipeline(client: ConnectorClient): Pipeline {
  const options = optionsOf(client);
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(proxyPolicy(options.proxySettings));
  pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: options.userAgent }));
  pipeline.addPolicy(setClientRequestIdPolicy());
  pipeline.addPolicy(signingPolicy(client));
  pipeline.addPolicy(defaultRetryPolicy(), { phase: 'Retry' });
  pipeline.addPolicy(redirectPolicy(), { afterPhase: 'Retry' });
  return pipeline;
}

/**
 * Signs each request with the client's credentials, as botbuilder's pipeline does. botbuilder's
 * credentials (`AppCredentials` and every kind built on it: password, certificate, managed
 * identity, federated) sign by setting `Authorization` on the headers they are handed, with a
 * token they cache and renew five minutes before it expires; Emulator mode's empty credentials
 * set nothing.
 */
function signingPolicy(client: ConnectorClient): PipelinePolicy {
  type Signable = Parameters<ConnectorClient['credentials']['signRequest']>[0];
  return {
    name: 'connectorCredentials',
    async sendRequest(request, next) {
      const resource = { url: request.url, method: request.method, headers: request.headers };
      await client.credentials.signRequest(resource as unknown as Signable);
      return next(request);
    },
  };
}

/** The options the client was made with (botbuilder keeps them on the client, privately). */
function optionsOf(client: ConnectorClient): { userAgent?: string; proxySettings?: ProxySettings } {
  const options = (
    client as unknown as { options?: { userAgent?: unknown; proxySettings?: unknown } }
  ).options;
  return {
    userAgent: typeof options?.userAgent === 'string' ? options.userAgent : undefined,
    proxySettings: options?.proxySettings as ProxySettings | undefined,
  };
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

/** The answer's JSON object, or undefined for an empty or odd answer. */
function jsonOf(text: string | null | undefined): ConnectorAnswer | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as ConnectorAnswer) : undefined;
  } catch {
    return undefined;
  }
}
