import { FakeLineApi } from '../test/support/fakeLineApi';
import { LineEvents, signLineBody, webhookBody } from '../test/support/lineWebhook';
import { HttpPoster } from './httpPoster';

/** The LINE channel secret every benchmark's targets and load share. */
export const BENCH_CHANNEL_SECRET = 'bench-channel-secret';

/** Each simulated student's first turn, the one that greets them (uncounted where turns are timed). */
export const FIRST_TURN = 'hi';

/**
 * LINE's side of a LINE turn: signed webhooks posted to a target's `/api/line`, the answer
 * being the reply the target POSTs to the local LINE API double (test/support/fakeLineApi.ts,
 * which checks reply tokens and messages as LINE does). A turn's latency runs from the webhook
 * POST to that reply's arrival.
 */
export class LineLoad {
  private readonly events: LineEvents;
  private readonly replied = new Map<string, () => void>();
  private readonly poster = new HttpPoster();

  private constructor(
    readonly lineApi: FakeLineApi,
    readonly channelSecret: string,
  ) {
    this.events = new LineEvents(lineApi);
    lineApi.onCall((call) => {
      const token = (call.body as { replyToken?: string } | undefined)?.replyToken;
      if (call.endpoint === 'reply' && token && call.status === 200) this.replied.get(token)?.();
    });
  }

  static async start(channelSecret: string): Promise<LineLoad> {
    return new LineLoad(await FakeLineApi.start(), channelSecret);
  }

  /** A LINE user id (U + 32 hex digits) per student. */
  userId(student: number): string {
    return `U${student.toString(16).padStart(32, '0')}`;
  }

  async turn(baseUrl: string, student: number, text: string): Promise<void> {
    const event = this.events.text(this.userId(student), text);
    const token = event.replyToken ?? '';
    const body = webhookBody([event]);
    const answered = new Promise<void>((resolve) => this.replied.set(token, resolve));
    const status = await this.poster.post(`${baseUrl}/api/line`, body, {
      'x-line-signature': signLineBody(body, this.channelSecret),
    });
    if (status !== 200) throw new Error(`webhook answered ${status}`);
    await answered;
    this.replied.delete(token);
  }

  async close(): Promise<void> {
    this.poster.close();
    await this.lineApi.close();
  }
}
