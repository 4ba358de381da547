import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
  MessageFactory,
  UserState,
} from 'botbuilder';
import restify from 'restify';
import { serveTarget } from '../serveTarget';

/**
 * botbuilder's own echo bot, as its samples write it: CloudAdapter with
 * ConfigurationBotFrameworkAuthentication and no app id (Emulator mode), conversation and user
 * state on MemoryStorage saved after each turn, restify with its body parser, the text echoed.
 */
class EchoBot extends ActivityHandler {
  constructor(conversationState: ConversationState, userState: UserState) {
    super();
    const turns = conversationState.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      await turns.set(context, (await turns.get(context, 0)) + 1);
      await context.sendActivity(MessageFactory.text(`Echo: ${context.activity.text}`));
      await next();
    });
    this.onTurn(async (context, next) => {
      await next();
      await conversationState.saveChanges(context);
      await userState.saveChanges(context);
    });
  }
}

serveTarget(async () => {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    process.emitWarning(String(error));
    await context.sendActivity('The bot encountered an error.');
  };
  const storage = new MemoryStorage();
  const bot = new EchoBot(new ConversationState(storage), new UserState(storage));
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
