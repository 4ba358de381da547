/* eslint-disable no-console -- a benchmark prints its figures */
import { resolve } from 'node:path';

export interface BotTurnsOptions {
  /** Conversations the turns go round (each its own web-chat account). */
  conversations: number;
  /** Turns in one timed block. */
  turnsPerBlock: number;
  /** Timed blocks per build (two more run first, untimed, to warm up). */
  blocks: number;
  /** Another checkout, built (`npm run build`): its bot runs in alternate blocks. */
  against?: string;
}

type Say = (text: string) => Promise<unknown>;
interface DialogBotModule {
  dialogBot(template: object): Promise<{ say: Say }>;
}

/** The turns of the compare scenario, after each conversation's uncounted "hi". */
const WORDS = ['help', 'menu', 'manual'];

/**
 * The bot alone, in this process: the real dialogs and state (`buildBot` on the memory ports,
 * botbuilder's TestAdapter, as the dialog tests run it), no HTTP and no Redis. Prints the CPU
 * time per turn (`process.cpuUsage`, user + system) of each timed block: median and least.
 *
 * The compare scenario's figures swing by tens of percent on a shared machine, more than a
 * change to the dialogs moves them. Here the work is small and the same every block; with
 * BENCH_BOT_AGAINST, another build's bot runs in the blocks between, in alternating order, so
 * that both meet the same machine, and the ratio of each pair of blocks is printed too.
 */
export async function botScenario(options: BotTurnsOptions): Promise<void> {
  const builds: { name: string; module: DialogBotModule }[] = [
    { name: 'this build', module: await import('../test/support/dialogBot') },
  ];
  if (options.against) {
    const path = resolve(options.against, 'dist', 'test', 'support', 'dialogBot.js');
    builds.push({ name: options.against, module: (await import(path)) as DialogBotModule });
  }
  const bots = await Promise.all(
    builds.map(async ({ module }) => {
      const says: Say[] = [];
      for (let i = 0; i < options.conversations; i++) {
        const { say } = await module.dialogBot({
          locale: 'ja-JP',
          channelId: 'webchat',
          from: { id: `bench-${i}`, name: 'student' },
        });
        await say('hi');
        says.push(say);
      }
      return says;
    }),
  );
  const perTurn: number[][] = builds.map(() => []);
  for (let block = 0; block < options.blocks + 2; block++) {
    const order = builds.map((_, index) => index);
    if (block % 2 === 1) order.reverse();
    for (const index of order) {
      const says = bots[index];
      const start = process.cpuUsage();
      for (let turn = 0; turn < options.turnsPerBlock; turn++) {
        await says[turn % says.length](WORDS[turn % WORDS.length]);
      }
      const used = process.cpuUsage(start);
      if (block >= 2) perTurn[index].push((used.user + used.system) / 1000 / options.turnsPerBlock);
    }
  }
  console.log('\n— bot —');
  console.log(
    `the bot alone (dialogs and state in memory, TestAdapter): ${options.conversations} conversations, "help", "menu", "manual"; ${options.blocks} blocks of ${options.turnsPerBlock} turns per build`,
  );
  builds.forEach(({ name }, index) => {
    const ms = perTurn[index];
    console.log(
      `${name.padEnd(30)} CPU ms/turn: median ${median(ms).toFixed(3)}, least ${Math.min(...ms).toFixed(3)}`,
    );
  });
  if (builds.length === 2) {
    const ratios = perTurn[0].map((ms, block) => ms / perTurn[1][block]);
    console.log(
      `this build / ${builds[1].name}: median ${median(ratios).toFixed(2)} (blocks: ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
