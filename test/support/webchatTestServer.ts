import type { AddressInfo } from 'node:net';
import { ActionTypes, ActivityTypes, TurnContext, type ConversationReference } from 'botbuilder';
import * as restify from 'restify';
import type { BotLogic } from '../../src/bot/botLogic';
import { cardAttachment, type Card } from '../../src/channels/card';
import { registerWebChatRoutes } from '../../src/channels/webchat/registerWebChatRoutes';
import { WebChatAdapter } from '../../src/channels/webchat/webChatAdapter';
import type { WebChatLimits } from '../../src/channels/webchat/webChatLimits';
import type { WebChatOutbox } from '../../src/channels/webchat/webChatOutbox';
import { Texts } from '../../src/i18n/i18n';
import { createLogger } from '../../src/platform/logger';
import { Metrics } from '../../src/platform/metrics';
import { MemoryTurnQueue } from '../../src/turns/memoryTurnQueue';

/** The card the echo bot sends for "card": a link, an unsafe link and a reply button. */
export const TEST_CARD: Card = {
  title: 'Payment',
  hero: 'L3QP5ZYC',
  fields: [{ label: 'Amount', value: '400 yen' }],
  body: ['Pay at https://pay.example.com/p/1 before the deadline.'],
  buttons: [
    { kind: 'link', label: 'Pay now', url: 'https://pay.example.com/checkout' },
    { kind: 'link', label: 'Unsafe', url: 'javascript:alert(1)' },
    { kind: 'reply', label: 'I have paid', value: 'paid' },
  ],
};

/**
 * A small bot for the web-chat tests: greets on first contact (with a choice), echoes text,
 * and answers a few commands. It remembers each conversation's reference for proactive tests.
 */
export function echoBot(references: Map<string, Partial<ConversationReference>>): BotLogic {
  return async (context) => {
    const { activity } = context;
    references.set(activity.conversation.id, TurnContext.getConversationReference(activity));
    if (activity.type === ActivityTypes.ConversationUpdate) {
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: `Welcome! (${activity.locale ?? 'no locale'})`,
        suggestedActions: {
          to: [],
          actions: [{ type: ActionTypes.ImBack, title: 'Say hi', value: 'hi' }],
        },
      });
      return;
    }
    if (activity.type !== ActivityTypes.Message) return;
    const text = activity.text ?? '';
    if (text === 'card') {
      await context.sendActivity({
        type: ActivityTypes.Message,
        attachments: [cardAttachment(TEST_CARD)],
      });
    } else if (text === 'many') {
      await context.sendActivities(
        Array.from({ length: 30 }, (_, i) => ({
          type: ActivityTypes.Message,
          text: `line ${i + 1}`,
        })),
      );
    } else if (text.startsWith('fail')) {
      throw new Error('the test bot fails on purpose');
    } else {
      await context.sendActivities([
        { type: ActivityTypes.Typing },
        { type: ActivityTypes.Message, text: `echo: ${text}` },
      ]);
    }
  };
}

export interface WebChatTestServer {
  url: string;
  adapter: WebChatAdapter;
  metrics: Metrics;
  texts: Texts;
  references: Map<string, Partial<ConversationReference>>;
  /** Every log line the server wrote (level debug and up). */
  logLines: string[];
  close(): Promise<void>;
}

/** A restify server with the web-chat routes, a memory turn queue and the echo bot, on port 0. */
export async function startWebChatServer(options: {
  outbox: WebChatOutbox;
  limits?: Partial<WebChatLimits>;
}): Promise<WebChatTestServer> {
  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const metrics = new Metrics({ defaultMetrics: false });
  const texts = await Texts.load();
  const references = new Map<string, Partial<ConversationReference>>();
  const adapter = new WebChatAdapter({ outbox: options.outbox, logger, metrics });
  adapter.onTurnError = async (context) => {
    await context.sendActivity('sorry, something went wrong');
  };
  const logic = echoBot(references);
  const queue = new MemoryTurnQueue((turn) => adapter.processMessage(turn.payload, logic), logger);
  const server = restify.createServer({ log: logger as never, handleUncaughtExceptions: false });
  registerWebChatRoutes(server, {
    queue,
    outbox: options.outbox,
    texts,
    logger,
    metrics,
    limits: { pollWaitMs: 1000, ...options.limits },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    adapter,
    metrics,
    texts,
    references,
    logLines,
    close: async () => {
      await options.outbox.close();
      await queue.close(5000);
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
