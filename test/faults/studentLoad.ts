import type { webhook } from '@line/bot-sdk';
import type { Texts } from '../../src/i18n/i18n';
import type { Answer, FakeLineApi } from '../support/fakeLineApi';
import { LineEvents } from '../support/lineWebhook';
import { pause, settlesWithin } from './pause';
import { deliverAsLine, type WebhookDelivery } from './redeliveringWebhook';
import { COMMANDS, answerRecogniser, type AnswerKind, type Command } from './studentCommands';

/** One message a student sent, and what became of it. */
export interface Turn {
  student: string;
  command: Command;
  event: webhook.MessageEvent;
  /** When the first webhook carrying it was sent (epoch ms). */
  sentAt: number;
  /** When LINE accepted its answer (epoch ms); unset while unanswered. */
  answeredAt?: number;
  answeredVia?: Answer['via'];
  /** Answered with the command's wrong answer (see {@link COMMANDS}). */
  answeredWrongly?: boolean;
  /** Apologies ("something went wrong") the student got while waiting for the answer. */
  apologies: number;
  webhook?: WebhookDelivery;
}

/** An answer that answered no turn: a turn said twice, or something the student never asked. */
export interface ExtraAnswer {
  student: string;
  kind: AnswerKind;
  at: number;
}

/** What a run of the load comes to, as issue 14 reports it. */
export interface LoadFigures {
  turns: number;
  lost: number;
  doubled: number;
  longestWaitMs: number;
  /** Answers that were no command's (neither a turn's answer nor an apology). */
  unexpected: number;
  /** Turns answered with their command's wrong answer: an earlier turn was lost, or this one ran unseen. */
  wrong: number;
  apologies: number;
  /** Turns answered after an apology for them: the student was told it failed, then answered. */
  apologyThenAnswer: number;
}

/**
 * Students chatting on LINE in a closed loop: each sends a message, waits until LINE has shown
 * its answer, then sends the next; the webhook is redelivered as LINE does until the service
 * accepts it. Every answer LINE accepts is matched to the turn it answers, so that a turn left
 * unanswered, answered twice or apologised for shows in the figures.
 */
export class StudentLoad {
  readonly turns: Turn[] = [];
  readonly extras: ExtraAnswer[] = [];
  readonly students: string[];
  private readonly events: LineEvents;
  private readonly recognise: (answer: Answer) => AnswerKind;
  /** Each student's latest turn, and how to wake the student once it is answered. */
  private readonly current = new Map<string, { turn: Turn; wake: () => void }>();
  private readonly unsubscribe: () => void;
  private loops: Promise<void>[] = [];
  private stopping = false;
  private abandoned = false;

  constructor(
    lineApi: FakeLineApi,
    private readonly webhookUrl: string,
    texts: Texts,
    studentCount = 50,
  ) {
    this.events = new LineEvents(lineApi);
    this.recognise = answerRecogniser(texts);
    this.students = Array.from(
      { length: studentCount },
      (_, i) => `U${String(i).padStart(32, '0')}`,
    );
    this.unsubscribe = lineApi.onAnswer((answer) => this.take(answer));
  }

  /** Every student starts chatting. */
  start(): void {
    this.loops = this.students.map((student) => this.chat(student));
  }

  /**
   * Students send nothing new; those waiting keep waiting, up to `timeoutMs`. Then the answers
   * of a further `settleMs` still count, so that a turn said twice a little later is seen.
   */
  async stop(timeoutMs: number, settleMs = 2000): Promise<void> {
    this.stopping = true;
    await settlesWithin(Promise.all(this.loops), timeoutMs);
    this.abandon();
    await Promise.all(this.loops);
    await pause(settleMs);
    this.unsubscribe();
  }

  /** Ends every loop at once (a test that failed, or is over): nobody waits any more. */
  abandon(): void {
    this.stopping = true;
    this.abandoned = true;
    for (const { wake } of this.current.values()) wake();
  }

  /** Turns sent at or before `at` and not yet answered then. */
  inFlightAt(at: number): Turn[] {
    return this.turns.filter(
      (turn) => turn.sentAt <= at && (turn.answeredAt === undefined || turn.answeredAt > at),
    );
  }

  /** Turns never answered. */
  lostTurns(): Turn[] {
    return this.turns.filter((turn) => turn.answeredAt === undefined);
  }

  /** Answers that repeated a turn already answered. */
  doubledAnswers(): ExtraAnswer[] {
    return this.extras.filter((extra) => extra.kind !== 'apology' && extra.kind !== 'unexpected');
  }

  /** Turns answered with their command's wrong answer. */
  wronglyAnswered(): Turn[] {
    return this.turns.filter((turn) => turn.answeredWrongly);
  }

  /** Answers to nothing the student asked (neither a command's answer nor an apology). */
  unexpectedAnswers(): ExtraAnswer[] {
    return this.extras.filter((extra) => extra.kind === 'unexpected');
  }

  figures(): LoadFigures {
    const answered = this.turns.filter((turn) => turn.answeredAt !== undefined);
    return {
      turns: this.turns.length,
      lost: this.lostTurns().length,
      doubled: this.doubledAnswers().length,
      longestWaitMs: Math.max(0, ...answered.map((turn) => (turn.answeredAt ?? 0) - turn.sentAt)),
      unexpected: this.unexpectedAnswers().length,
      wrong: this.wronglyAnswered().length,
      apologies:
        this.turns.reduce((sum, turn) => sum + turn.apologies, 0) +
        this.extras.filter((extra) => extra.kind === 'apology').length,
      apologyThenAnswer: answered.filter((turn) => turn.apologies > 0).length,
    };
  }

  /**
   * A turn a test sends itself, outside the loop (e.g. inside a webhook it builds): its answer
   * is matched and counted like the loop's. Resolves once it is answered (or abandoned).
   */
  expectTurn(student: string, command: Command): { turn: Turn; answered: Promise<void> } {
    const turn: Turn = {
      student,
      command,
      event: this.events.text(student, command.text),
      sentAt: Date.now(),
      apologies: 0,
    };
    this.turns.push(turn);
    const answered = new Promise<void>((wake) => this.current.set(student, { turn, wake }));
    return { turn, answered };
  }

  private async chat(student: string): Promise<void> {
    for (let n = 0; !this.stopping; n++) {
      const { turn, answered } = this.expectTurn(student, COMMANDS[n % COMMANDS.length]);
      turn.webhook = await deliverAsLine(this.webhookUrl, [turn.event], {
        stopped: () => this.abandoned,
      });
      await answered;
    }
  }

  /** Matches an answer LINE accepted to the turn it answers, or records it as extra. */
  private take(answer: Answer): void {
    const waiting = this.current.get(answer.to);
    if (!waiting) return;
    const { turn, wake } = waiting;
    const kind = this.recognise(answer);
    const open = turn.answeredAt === undefined;
    if (kind === 'apology' && open) {
      turn.apologies++;
    } else if ((kind === turn.command.answer || kind === turn.command.wrongAnswer) && open) {
      turn.answeredAt = answer.at;
      turn.answeredVia = answer.via;
      turn.answeredWrongly = kind === turn.command.wrongAnswer;
      wake();
    } else {
      // Not the open turn's answer (neighbours are answered differently): an earlier turn said
      // again, or something nobody asked.
      this.extras.push({ student: answer.to, kind, at: answer.at });
    }
  }
}
