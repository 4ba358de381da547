import { FakeLineApi } from '../support/fakeLineApi';
import { freePort } from '../support/freePort';
import { LINE_SECRET } from '../support/appHarness';
import { LineEvents, postLineWebhook, webhookBody } from '../support/lineWebhook';
import { testRedis, TEST_REDIS_URL, type TestRedis } from '../support/redis';
import {
  killServiceProcess,
  startServiceProcess as startService,
  waitFor,
  waitForStart,
  type ServiceProcess as Service,
} from '../support/serviceProcess';

jest.setTimeout(180_000);

describe('the service as a process', () => {
  it('stops with one sentence naming the variable when the configuration is wrong', async () => {
    const service = startService({ REDIS_URL: 'localhost:6379' });
    expect(await service.exited).toBe(1);
    const lines = service.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: REDIS_URL must /);
    expect(service.stderr()).not.toMatch(/\bat .*\.ts:\d+/);
  });

  describe('running on Redis with LINE', () => {
    let lineApi: FakeLineApi;
    let redis: TestRedis;
    let service: Service | undefined;

    beforeEach(async () => {
      lineApi = await FakeLineApi.start();
      redis = await testRedis();
    });
    afterEach(async () => {
      await killServiceProcess(service);
      await lineApi.close();
      await redis.cleanup();
    });

    it('finishes the turn in flight on SIGTERM, then exits 0, logging no message text', async () => {
      const port = await freePort();
      service = startService({
        PORT: String(port),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: redis.prefix,
        LINE_CHANNEL_SECRET: LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
        LINE_API_BASE_URL: lineApi.baseUrl,
        LOG_LEVEL: 'debug',
      });
      await waitForStart(service);
      expect(service.stdout()).toContain(`http://localhost:${port}/`);

      const user = 'U0000000000000000000000000000sig';
      const secretText = 'my address is taro.yamada@example.ac.jp';
      // The LINE API answers slowly, so the turn is still running when SIGTERM arrives.
      lineApi.delayNext('reply', 1500);
      const events = new LineEvents(lineApi);
      const answer = await postLineWebhook(
        `http://127.0.0.1:${port}/api/line`,
        webhookBody([events.text(user, secretText)]),
        { secret: LINE_SECRET },
      );
      expect(answer.status).toBe(200);
      await waitFor(() => lineApi.callsTo('profile').length === 1, 'the turn to start');
      service.child.kill('SIGTERM');

      expect(await service.exited).toBe(0);
      expect(lineApi.callsTo('reply').map((call) => call.status)).toEqual([200]);
      const logs = service.stdout();
      expect(logs).toContain('"msg":"shutting down"');
      expect(logs).not.toContain('taro.yamada');
      expect(logs).not.toContain(secretText);
      // Every log line is one JSON object.
      for (const line of logs.split('\n').filter((l) => l.startsWith('{'))) {
        expect(() => JSON.parse(line)).not.toThrow();
      }
    });
  });
});
