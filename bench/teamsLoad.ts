import { FakeConnector } from '../test/support/fakeConnector';
import { teamsActivity } from '../test/support/teamsClient';
import { HttpPoster } from './httpPoster';

/**
 * The Bot Framework Service's side of a Teams turn: activities posted to a target's
 * `/api/messages`, replies received by the local connector double
 * (test/support/fakeConnector.ts). CloudAdapter answers the POST once the turn (and so every
 * reply) is done, so a turn's latency runs from the POST to that answer.
 */
export class TeamsLoad {
  private readonly poster = new HttpPoster();

  private constructor(readonly connector: FakeConnector) {}

  static async start(): Promise<TeamsLoad> {
    return new TeamsLoad(await FakeConnector.start());
  }

  async turn(baseUrl: string, student: number, text: string): Promise<void> {
    const activity = teamsActivity(this.connector, {
      type: 'message',
      text,
      from: { id: `29:student-${student}`, aadObjectId: aadObjectId(student), name: 'Student' },
      conversation: { id: `a:bench-${student}`, conversationType: 'personal' },
    });
    const status = await this.poster.post(`${baseUrl}/api/messages`, JSON.stringify(activity));
    if (status !== 200) throw new Error(`/api/messages answered ${status}`);
  }

  /** How many activities the targets sent to the connector so far. */
  get replies(): number {
    return this.connector.calls.length;
  }

  async close(): Promise<void> {
    this.poster.close();
    await this.connector.close();
  }
}

function aadObjectId(student: number): string {
  return `00000000-0000-4000-8000-${student.toString(16).padStart(12, '0')}`;
}
