import { execFile } from 'node:child_process';
import { richMenuReport, setUpLineRichMenus } from '../../scripts/line-richmenu';
import { richMenuAlias, richMenuCells } from '../../src/channels/line/richMenus/richMenuLayout';
import { FakeLineApi } from '../support/fakeLineApi';
import { imageSize } from '../support/fakeLineRichMenus';
import { countInk, decodePng } from '../support/pngPixels';
import { loadTexts } from '../support/texts';

/**
 * `npm run line:richmenu` against the local LINE API (API host and data host): four menus with
 * their aliases and images, the Japanese guest menu the default, the same after a second run,
 * and a menu someone else made left alone; on a rerun the students linked to an old menu are moved
 * to the new one by LINE's batch before the old one is deleted, and a batch that fails or does not
 * finish keeps the old menu and is reported.
 */
describe('npm run line:richmenu', () => {
  let lineApi: FakeLineApi;
  let env: Record<string, string>;

  beforeEach(async () => {
    lineApi = await FakeLineApi.start();
    env = {
      LOG_LEVEL: 'silent',
      LINE_CHANNEL_SECRET: 'secret',
      LINE_CHANNEL_ACCESS_TOKEN: lineApi.accessToken,
      LINE_API_BASE_URL: lineApi.baseUrl,
      LINE_DATA_API_BASE_URL: await lineApi.richMenus.startDataHost(),
    };
  });
  afterEach(async () => {
    await lineApi.richMenus.close();
    await lineApi.close();
  });

  /** Looks at a batch's progress without waiting, and gives up after 20 looks. */
  const QUICK = { pollEveryMs: 1, giveUpAfterMs: 20, sleep: async () => undefined };
  const STUDENT = `U${'a'.repeat(32)}`;
  const MEMBER_JA = 'certbot-member-ja';

  const ALIASES = ['guest-ja', 'guest-en', 'member-ja', 'member-en'].map((k) => `certbot-${k}`);

  it('leaves exactly four menus with their aliases, images and the default, run twice', async () => {
    const menus = lineApi.richMenus;
    // Someone else's menu, made in the LINE console or by another tool.
    const foreign = `richmenu-${'0'.repeat(32)}`;
    menus.menus.set(foreign, { richMenuId: foreign, request: { name: 'campus events' } });

    const first = (await setUpLineRichMenus(env, QUICK)).menus;
    const second = (await setUpLineRichMenus(env, QUICK)).menus;

    expect(first.map((m) => m.aliasId).sort()).toEqual([...ALIASES].sort());
    expect(
      second.every((m) => m.replaced === first.find((f) => f.aliasId === m.aliasId)?.richMenuId),
    ).toBe(true);
    expect([...menus.menus.keys()].sort()).toEqual(
      [foreign, ...second.map((m) => m.richMenuId)].sort(),
    );
    expect(Object.fromEntries(menus.aliases)).toEqual(
      Object.fromEntries(second.map((m) => [m.aliasId, m.richMenuId])),
    );
    expect(menus.defaultMenu).toBe(menus.aliases.get('certbot-guest-ja'));
    // Images went to the data host only, and every menu has one of exactly its size, < 1 MB.
    expect(
      menus.calls.filter((c) => c.path.endsWith('/content')).every((c) => c.host === 'data'),
    ).toBe(true);
    for (const { richMenuId, imageBytes } of second) {
      const image = menus.menus.get(richMenuId)?.image;
      expect(image?.contentType).toBe('image/png');
      expect(image?.bytes.length).toBe(imageBytes);
      expect(imageBytes).toBeLessThan(1024 * 1024);
      expect(imageSize(image?.bytes ?? Buffer.alloc(0))).toEqual({
        type: 'png',
        width: 2500,
        height: 1686,
      });
    }
  });

  it('makes every tap a postback whose displayText is the label and whose data is the words', async () => {
    const texts = await loadTexts();
    await setUpLineRichMenus(env, QUICK);
    const menus = lineApi.richMenus;
    const areasOf = (alias: string) =>
      menus.menus.get(menus.aliases.get(alias) ?? '')?.request.areas as {
        action: { type: string; data: string; displayText: string };
      }[];
    expect(areasOf(richMenuAlias('guest', 'ja')).map((a) => a.action.displayText)).toEqual(
      ['menu.apply', 'menu.login', 'menu.help', 'menu.manual', 'language.en'].map((k) =>
        texts.t('ja')(k),
      ),
    );
    expect(areasOf(richMenuAlias('member', 'en')).map((a) => a.action.displayText)).toEqual(
      ['menu.apply', 'menu.orders', 'menu.settings', 'menu.help', 'menu.manual', 'language.ja'].map(
        (k) => texts.t('en')(k),
      ),
    );
    expect(areasOf(richMenuAlias('member', 'ja')).map((a) => a.action.data)).toEqual([
      'apply',
      'orders',
      'settings',
      'help',
      'manual',
      'english',
    ]);
    for (const alias of ALIASES)
      for (const area of areasOf(alias)) expect(area.action.type).toBe('postback');
  });

  it('draws every label: each tile has ink in its middle (decoded pixels, not text)', async () => {
    await setUpLineRichMenus(env, QUICK);
    const menus = lineApi.richMenus;
    for (const kind of ['guest', 'member'] as const) {
      for (const language of ['ja', 'en'] as const) {
        const menu = menus.menus.get(menus.aliases.get(richMenuAlias(kind, language)) ?? '');
        const image = decodePng(menu?.image?.bytes ?? Buffer.alloc(0));
        for (const cell of richMenuCells(kind, language)) {
          const { x, y, width, height } = cell.bounds;
          // The middle of the tile, where the label is; the tile's own colour is its background.
          const middle = {
            x: x + width / 4,
            y: y + height / 3,
            width: width / 2,
            height: height / 3,
          };
          const at = ((y + 60) * image.width + x + 60) * 4;
          const tile: [number, number, number] = [
            image.rgba[at],
            image.rgba[at + 1],
            image.rgba[at + 2],
          ];
          const ink = countInk(image, roundBox(middle), tile);
          // A label is thousands of pixels; an empty tile has none.
          expect({ cell: cell.data, kind, language, inked: ink > 2000 }).toEqual({
            cell: cell.data,
            kind,
            language,
            inked: true,
          });
        }
      }
    }
  });

  it('moves a student linked to the old member menu to the new one before deleting the old', async () => {
    const menus = lineApi.richMenus;
    await setUpLineRichMenus(env, QUICK);
    const oldMemberJa = menus.aliases.get(MEMBER_JA) ?? '';
    menus.userMenus.set(STUDENT, oldMemberJa);

    const rerun = await setUpLineRichMenus(env, QUICK);

    const newMemberJa = menus.aliases.get(MEMBER_JA);
    expect(newMemberJa).not.toBe(oldMemberJa);
    expect(menus.userMenus.get(STUDENT)).toBe(newMemberJa);
    expect(menus.aliasSeenBy(STUDENT)).toBe(MEMBER_JA);
    expect(menus.menus.has(oldMemberJa)).toBe(false);
    expect(rerun.userMove?.outcome).toBe('succeeded');
    // One batch for all four menus, followed until LINE said it succeeded, then the deletes.
    const [batch, ...others] = [...menus.batches.values()];
    expect(others).toEqual([]);
    expect(batch.operations).toHaveLength(4);
    expect(batch.operations).toContainEqual({ type: 'link', from: oldMemberJa, to: newMemberJa });
    const steps = menus.calls
      .filter((c) => c.host === 'api' && /batch|^\/v2\/bot\/richmenu\/richmenu-/.test(c.path))
      .map((c) => `${c.method} ${c.path.includes('batch') ? c.path : 'menu'} ${c.status}`);
    expect(steps).toEqual([
      'POST /v2/bot/richmenu/batch 202',
      'GET /v2/bot/richmenu/progress/batch 200',
      'GET /v2/bot/richmenu/progress/batch 200',
      ...Array(4).fill('DELETE menu 200'),
    ]);
    expect(richMenuReport(rerun).problem).toBeUndefined();
  });

  it('keeps the old menus and the student on theirs when the batch fails, and says so', async () => {
    const menus = lineApi.richMenus;
    const first = (await setUpLineRichMenus(env, QUICK)).menus;
    const oldMemberJa = menus.aliases.get(MEMBER_JA) ?? '';
    menus.userMenus.set(STUDENT, oldMemberJa);
    menus.failNextBatch();

    const rerun = await setUpLineRichMenus(env, QUICK);

    expect(menus.userMenus.get(STUDENT)).toBe(oldMemberJa);
    for (const { richMenuId } of first) expect(menus.menus.has(richMenuId)).toBe(true);
    // The new menus are in place all the same: the aliases and the default lead to them.
    expect(Object.fromEntries(menus.aliases)).toEqual(
      Object.fromEntries(rerun.menus.map((m) => [m.aliasId, m.richMenuId])),
    );
    const [requestId] = menus.batches.keys();
    expect(rerun.userMove).toEqual({
      outcome: 'failed',
      requestId,
      reason: 'LINE reported the batch failed',
    });
    const report = richMenuReport(rerun);
    expect(report.lines.find((l) => l.startsWith(MEMBER_JA))).toContain(`kept ${oldMemberJa}`);
    expect(report.problem).toContain(requestId);
    expect(report.problem).toContain('The old menus are kept');
  });

  it('keeps the old menus when the batch does not finish in time', async () => {
    const menus = lineApi.richMenus;
    const first = (await setUpLineRichMenus(env, QUICK)).menus;
    menus.failNextBatch('never');

    const rerun = await setUpLineRichMenus(env, QUICK);

    expect(rerun.userMove?.outcome).toBe('timedOut');
    expect(rerun.menus.every((m) => m.keptReplaced)).toBe(true);
    for (const { richMenuId } of first) expect(menus.menus.has(richMenuId)).toBe(true);
    expect(richMenuReport(rerun).problem).toContain('did not finish in time');
  });

  it('exits 1 with the problem on stderr when the batch fails (the npm script itself)', async () => {
    await setUpLineRichMenus(env, QUICK);
    lineApi.richMenus.failNextBatch();
    const run = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          ['-r', './scripts/tsRegister.js', 'scripts/line-richmenu.ts'],
          { env: { ...process.env, ...env } },
          (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
        );
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').filter((l) => l.includes(', kept richmenu-'))).toHaveLength(4);
    expect(run.stderr).toContain('The old menus are kept');
  }, 30_000);

  it('refuses malformed batch requests as LINE does (400), and unknown progress (404)', async () => {
    await setUpLineRichMenus(env, QUICK);
    const menu = lineApi.richMenus.aliases.get(MEMBER_JA);
    const call = async (method: string, path: string, body?: unknown) =>
      (
        await fetch(`${lineApi.baseUrl}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${lineApi.accessToken}`,
            'content-type': 'application/json',
          },
          body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
        })
      ).status;
    const link = { type: 'link', from: menu, to: menu };
    for (const body of [
      {},
      { operations: [] },
      { operations: 'link' },
      { operations: Array(1001).fill(link) },
      { operations: [{ ...link, type: 'move' }] },
      { operations: [{ type: 'link', from: menu }] },
      { operations: [{ ...link, from: `richmenu-${'f'.repeat(32)}` }] },
      { operations: [link], resumeRequestKey: 'not a key!' },
      '{"operations": [',
    ]) {
      expect({ body, status: await call('POST', '/v2/bot/richmenu/batch', body) }).toEqual({
        body,
        status: 400,
      });
    }
    expect(lineApi.richMenus.batches.size).toBe(0);
    expect(await call('GET', '/v2/bot/richmenu/progress/batch')).toBe(400);
    expect(await call('GET', '/v2/bot/richmenu/progress/batch?requestId=nope')).toBe(404);
    expect(await call('POST', '/v2/bot/richmenu/batch', { operations: [link] })).toBe(202);
  });

  it('says which setting is missing without LINE settings', async () => {
    await expect(setUpLineRichMenus({ LOG_LEVEL: 'silent' })).rejects.toThrow(
      'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be set.',
    );
  });
});

function roundBox(box: { x: number; y: number; width: number; height: number }) {
  return {
    x: Math.round(box.x),
    y: Math.round(box.y),
    width: Math.round(box.width),
    height: Math.round(box.height),
  };
}
