import type { WebChatMessage } from '../../src/channels/webchat/webChatMessage';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

/** One HTTP request; the body is parsed when it is JSON. */
export async function http(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json'))
    body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body, text };
}

export function postJson(url: string, body: unknown): Promise<HttpAnswer> {
  return http(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function createSession(base: string, locale?: string): Promise<string> {
  const answer = await postJson(`${base}/api/webchat/sessions`, locale ? { locale } : {});
  if (answer.status !== 201)
    throw new Error(`session not created: ${answer.status} ${answer.text}`);
  return (answer.body as { sessionId: string }).sessionId;
}

export function say(base: string, sessionId: string, text: string): Promise<HttpAnswer> {
  return postJson(`${base}/api/webchat/messages`, { sessionId, text });
}

export async function poll(base: string, sessionId: string, after = 0): Promise<WebChatMessage[]> {
  const answer = await http(
    `${base}/api/webchat/messages?sessionId=${encodeURIComponent(sessionId)}&after=${after}`,
  );
  if (answer.status !== 200) throw new Error(`poll failed: ${answer.status} ${answer.text}`);
  return (answer.body as { messages: WebChatMessage[] }).messages;
}

/**
 * Long-polls like the page does, from `after`, until `done` holds for what arrived; each poll
 * continues after the last number seen. Bounded by Jest's timeout, not by a clock.
 */
export async function collect(
  base: string,
  sessionId: string,
  done: (messages: WebChatMessage[]) => boolean,
  after = 0,
): Promise<WebChatMessage[]> {
  const seen: WebChatMessage[] = [];
  let last = after;
  while (!done(seen)) {
    const batch = await poll(base, sessionId, last);
    seen.push(...batch);
    if (batch.length > 0) last = batch[batch.length - 1].seq;
  }
  return seen;
}

export const botTexts = (messages: WebChatMessage[]): string[] =>
  messages.filter((m) => m.from === 'bot' && m.text !== undefined).map((m) => m.text as string);
