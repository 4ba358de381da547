import type { AddressInfo } from 'node:net';
import { ActivityTypes, MessageFactory, TurnContext, type ConversationReference } from 'botbuilder';
import restify, { type Server } from 'restify';
import type { BotLogic } from '../../src/bot/botLogic';
import { createTeamsAdapter } from '../../src/channels/teams/teamsAdapter';
import type { TeamsCloudAdapter } from '../../src/channels/teams/teamsCloudAdapter';
import { createTeamsRoute } from '../../src/channels/teams/teamsRoute';
import { capturedLogger } from '../support/capturedLogger';
import { FakeConnector } from '../support/fakeConnector';
import { postActivity, teamsActivity } from '../support/teamsClient';

/**
 * A Teams turn's messages held until it ends and sent merged (teamsMiddleware.ts), with the
 * real CloudAdapter posting to a local connector: what arrives, in what order, when the turn
 * fails, when it sends a typing indicator, and in a proactive turn (not held).
 */
const { logger, lines: logLines } = capturedLogger();

let connector: FakeConnector;
let server: Server | undefined;
let adapter: TeamsCloudAdapter;

beforeEach(async () => {
  connector = await FakeConnector.start();
  adapter = createTeamsAdapter({}, logger);
  adapter.onTurnError = async (context) => {
    await context.sendActivity('sorry');
  };
});

afterEach(async () => {
  if (server) {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
  }
  await connector.close();
});

async function serve(logic: BotLogic): Promise<string> {
  server = restify.createServer({ handleUncaughtExceptions: false });
  server.post('/api/messages', createTeamsRoute(adapter, logic, { logger, appId: undefined }));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
}

async function post(url: string, fields: Record<string, unknown> = {}): Promise<number> {
  const activity = teamsActivity(connector, {
    type: 'message',
    text: 'hello',
    conversation: { id: 'a:outbox', conversationType: 'personal' },
    ...fields,
  });
  return (await postActivity(url, activity)).status;
}

const sent = () => connector.calls.map((call) => [call.body.type, call.body.text]);

describe('a Teams turn the student started', () => {
  it('sends nothing until the turn is over, then one message with the menu', async () => {
    let sentDuringTurn = -1;
    const url = await serve(async (context) => {
      const answers = [
        await context.sendActivity('Help: call the office.'),
        await context.sendActivity(MessageFactory.suggestedActions(['Apply'], 'What next?')),
      ];
      sentDuringTurn = connector.calls.length;
      // Not sent yet, so no id; botbuilder still knows the turn has answered.
      expect(answers).toEqual([{ id: '' }, { id: '' }]);
      expect(context.responded).toBe(true);
    });
    expect(await post(url)).toBe(200);
    expect(sentDuringTurn).toBe(0);
    expect(sent()).toEqual([['message', 'Help: call the office.\n\nWhat next?']]);
    expect(connector.calls[0].body.suggestedActions.actions[0].title).toBe('Apply');
    expect(connector.calls[0].replyToId).toBeDefined();
  });

  it('sends what it held before the apology when the turn fails, and the apology at once', async () => {
    const url = await serve(async (context) => {
      await context.sendActivity('Your order is saved.');
      await context.sendActivity('And then…');
      throw new Error('the dialog broke');
    });
    expect(await post(url)).toBe(200);
    expect(sent()).toEqual([
      ['message', 'Your order is saved.\n\nAnd then…'],
      ['message', 'sorry'],
    ]);
  });

  it('keeps the order around a typing indicator, which is not held', async () => {
    const url = await serve(async (context) => {
      await context.sendActivity('Looking it up…');
      await context.sendActivity({ type: ActivityTypes.Typing });
      await context.sendActivity('Found it.');
      await context.sendActivity('Anything else?');
    });
    expect(await post(url)).toBe(200);
    expect(sent()).toEqual([
      ['message', 'Looking it up…'],
      ['typing', undefined],
      ['message', 'Found it.\n\nAnything else?'],
    ]);
  });

  it('answers 500 when the connector cannot be reached, having run the turn once (as unheld)', async () => {
    let runs = 0;
    const url = await serve(async (context) => {
      runs += 1;
      await context.sendActivity('lost');
    });
    const gone = await FakeConnector.start();
    const serviceUrl = gone.serviceUrl;
    await gone.close();
    // The held message fails after the turn, and so does onTurnError's apology.
    const reported = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const logged = logLines.length;
    expect(await post(url, { serviceUrl })).toBe(500);
    // The route reports the failed request in the service's log, not botbuilder on the console.
    const failures = logLines
      .slice(logged)
      .map((line) => JSON.parse(line) as { msg?: string; errName?: string })
      .filter((line) => line.msg === 'Bot Framework request failed');
    expect(failures).toHaveLength(1);
    expect(reported).not.toHaveBeenCalled();
    reported.mockRestore();
    expect(runs).toBe(1);
    expect(connector.calls).toEqual([]);
  });
});

describe('a proactive Teams turn', () => {
  it('sends each message as it goes and hands back the connector ids', async () => {
    const reference: Partial<ConversationReference> = {
      channelId: 'msteams',
      serviceUrl: connector.serviceUrl,
      conversation: { id: 'a:outbox', conversationType: 'personal', isGroup: false, name: '' },
      bot: { id: '28:bot', name: 'Bot' },
      user: { id: '29:student', name: 'Student' },
    };
    const answers: (string | undefined)[] = [];
    let sentAfterFirst = -1;
    await adapter.continueConversationAsync('', reference, async (context: TurnContext) => {
      answers.push((await context.sendActivity('Payment received.'))?.id);
      sentAfterFirst = connector.calls.length;
      answers.push((await context.sendActivity('Your reservation number:'))?.id);
    });
    expect(sentAfterFirst).toBe(1);
    expect(answers).toEqual(['sent-1', 'sent-2']);
    expect(sent()).toEqual([
      ['message', 'Payment received.'],
      ['message', 'Your reservation number:'],
    ]);
  });
});
