import { randomUUID } from 'node:crypto';
import type { FakeConnector } from './fakeConnector';

/**
 * An Activity as the Bot Framework Service posts it for a Teams student, with replies going to
 * the local connector; `fields` adds or overrides (type, text, value, locale, …).
 */
export function teamsActivity(
  connector: FakeConnector,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: { id: '29:student', aadObjectId: randomUUID(), name: 'Student' },
    recipient: { id: '28:bot', name: 'Bot' },
    conversation: { id: 'a:conversation-1', conversationType: 'personal' },
    locale: 'en-US',
    ...fields,
  };
}

/** Posts an Activity to the service's `/api/messages`, as the Bot Framework Service does. */
export function postActivity(messagesUrl: string, activity: unknown): Promise<Response> {
  return fetch(messagesUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(activity),
  });
}
