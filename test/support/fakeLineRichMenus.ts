import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * LINE's rich-menu endpoints, as documented, for {@link FakeLineApi}: create (size, areas within
 * bounds, action shapes, at most 20 areas), list, delete, the image upload on the data host
 * (PNG/JPEG signature, exactly the menu's size, at most 1 MB, once), the default menu, per-user
 * link and unlink, aliases, and the batch that moves every user of one menu to another (202 with
 * the request id in `x-line-request-id`; its progress `ongoing` once, then `succeeded`, or
 * `failed` when told to fail, with the links left as they were). The API host's routes are served by `FakeLineApi`'s server through
 * {@link handle}; the data host is a server of its own ({@link startDataHost}), so a client that
 * uploads to the API host is caught out as LINE would.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface FakeRichMenu {
  richMenuId: string;
  request: Json;
  image?: { contentType: string; bytes: Buffer };
}

export interface RichMenuCall {
  host: 'api' | 'data';
  method: string;
  path: string;
  status: number;
}

interface Answer {
  status: number;
  body: object;
  headers?: Record<string, string>;
}

/** A batch as accepted: its operations, and how it is to end. */
export interface FakeRichMenuBatch {
  operations: Json[];
  acceptedTime: string;
  ending: 'succeeded' | 'failed' | 'never';
  phase: 'ongoing' | 'succeeded' | 'failed';
  completedTime?: string;
}

const MAX_IMAGE_BYTES = 1024 * 1024;
const ALIAS_ID = /^[A-Za-z0-9_-]{1,32}$/;
const RESUME_REQUEST_KEY = /^[a-zA-Z0-9_-]{1,100}$/;
const MAX_BATCH_OPERATIONS = 1000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ok = (body: object = {}): Answer => ({ status: 200, body });
const notFound = (): Answer => ({ status: 404, body: { message: 'Not found' } });
const bad = (message: string, property?: string): Answer => ({
  status: 400,
  body: property
    ? { message: 'The request body has 1 error(s)', details: [{ message, property }] }
    : { message },
});

export class FakeRichMenus {
  readonly menus = new Map<string, FakeRichMenu>();
  readonly aliases = new Map<string, string>();
  /** LINE user id → the rich menu linked to that user. */
  readonly userMenus = new Map<string, string>();
  defaultMenu: string | undefined;
  readonly calls: RichMenuCall[] = [];
  /** Request id → the batch accepted under it. */
  readonly batches = new Map<string, FakeRichMenuBatch>();
  private dataHost: Server | undefined;
  private readonly linkFailures: number[] = [];
  private nextBatchEnding: FakeRichMenuBatch['ending'] = 'succeeded';

  constructor(private readonly accessToken: () => string) {}

  /** Serves the data host (image upload) on a port of its own; returns its base URL. */
  async startDataHost(): Promise<string> {
    const server = createServer((req, res) => {
      this.serve(req, res, 'data').catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.dataHost = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.dataHost;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next per-user link and unlink calls answer `status` (e.g. 500, 429). */
  failNextLinks(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.linkFailures.push(status);
  }

  /**
   * The next batch reports `failed` (after one `ongoing`) and moves nobody, or, with `'never'`,
   * stays `ongoing` for good.
   */
  failNextBatch(ending: 'failed' | 'never' = 'failed'): void {
    this.nextBatchEnding = ending;
  }

  /** The menu a user sees: their own, else the default. */
  menuSeenBy(userId: string): FakeRichMenu | undefined {
    const id = this.userMenus.get(userId) ?? this.defaultMenu;
    return id ? this.menus.get(id) : undefined;
  }

  /** The alias pointing at the menu a user sees (undefined when none does). */
  aliasSeenBy(userId: string): string | undefined {
    const id = this.menuSeenBy(userId)?.richMenuId;
    return [...this.aliases].find(([, menu]) => menu === id)?.[0];
  }

  /** True when the request is a rich-menu call of the API host; it is then answered here. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (!/^\/v2\/bot\/(richmenu|user\/[^/]+\/richmenu)(\/|$)/.test(path)) return false;
    await this.serve(req, res, 'api');
    return true;
  }

  private async serve(req: IncomingMessage, res: ServerResponse, host: 'api' | 'data') {
    const raw = await readBytes(req);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    let answer: Answer;
    if (req.headers.authorization !== `Bearer ${this.accessToken()}`) {
      answer = { status: 401, body: { message: 'Authentication failed.' } };
    } else if (host === 'data') {
      answer = this.dataRoute(method, path, raw, String(req.headers['content-type'] ?? ''));
    } else {
      let body: Json;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
        answer = this.apiRoute(method, path, body, url.searchParams);
      } catch {
        answer = bad('The request body could not be parsed as JSON');
      }
    }
    this.calls.push({ host, method, path, status: answer.status });
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.body));
  }

  private dataRoute(method: string, path: string, bytes: Buffer, contentType: string): Answer {
    const match = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path);
    if (!match || method !== 'POST') return notFound();
    const menu = this.menus.get(decodeURIComponent(match[1]));
    if (!menu) return notFound();
    if (menu.image) return bad('An image has already been uploaded to the richmenu');
    if (bytes.length > MAX_IMAGE_BYTES) return { status: 413, body: { message: 'Too large' } };
    const size = imageSize(bytes);
    const type = contentType.split(';')[0].trim();
    if (
      !size ||
      (size.type === 'png') !== (type === 'image/png') ||
      !/^image\/(png|jpeg)$/.test(type)
    )
      return bad('Image must be PNG or JPEG and match its Content-Type');
    const { width, height } = menu.request.size;
    if (size.width !== width || size.height !== height)
      return bad(`Image size must be ${width}x${height}, not ${size.width}x${size.height}`);
    menu.image = { contentType: type, bytes };
    return ok();
  }

  private apiRoute(method: string, path: string, body: Json, query: URLSearchParams): Answer {
    const part = path.split('/').map(decodeURIComponent);
    // part: ['', 'v2', 'bot', 'richmenu' | 'user', …]
    if (part[3] === 'user') return this.userRoute(method, part[4], part[6], body);
    const [, , , , a, b] = part;
    if (method === 'POST' && a === 'batch' && b === undefined) return this.batch(body);
    if (method === 'POST' && a === 'validate' && b === 'batch') {
      const problem = this.batchProblem(body);
      return problem ? bad(problem.message, problem.property) : ok();
    }
    if (method === 'GET' && a === 'progress' && b === 'batch')
      return this.progress(query.get('requestId'));
    if (method === 'POST' && a === undefined) return this.create(body);
    if (method === 'GET' && a === 'list')
      return ok({ richmenus: [...this.menus.values()].map((m) => this.view(m)) });
    if (a === 'alias') return this.aliasRoute(method, b, body);
    if (method === 'GET' && a && b === undefined) {
      const menu = this.menus.get(a);
      return menu ? ok(this.view(menu)) : notFound();
    }
    if (method === 'DELETE' && a && b === undefined) {
      if (!this.menus.delete(a)) return notFound();
      if (this.defaultMenu === a) this.defaultMenu = undefined;
      for (const [user, menu] of this.userMenus) if (menu === a) this.userMenus.delete(user);
      return ok();
    }
    return notFound();
  }

  /** `/v2/bot/user/all/richmenu[/id]` (default) and `/v2/bot/user/{userId}/richmenu[/id]`. */
  private userRoute(method: string, user: string, richMenuId: string | undefined, body: Json) {
    void body;
    if (user === 'all') {
      if (method === 'GET')
        return this.defaultMenu ? ok({ richMenuId: this.defaultMenu }) : notFound();
      if (method === 'DELETE') return ((this.defaultMenu = undefined), ok());
      const menu = richMenuId ? this.menus.get(richMenuId) : undefined;
      if (method !== 'POST' || !menu) return notFound();
      if (!menu.image) return bad('An image must be uploaded before the richmenu is used');
      this.defaultMenu = menu.richMenuId;
      return ok();
    }
    if (method === 'GET') {
      const linked = this.userMenus.get(user);
      return linked ? ok({ richMenuId: linked }) : notFound();
    }
    const failure = this.linkFailures.shift();
    if (failure) return { status: failure, body: { message: 'Injected failure' } };
    if (!/^U[0-9a-f]{32}$/.test(user)) return bad('Invalid user ID');
    if (method === 'DELETE') return (this.userMenus.delete(user), ok());
    const menu = richMenuId ? this.menus.get(richMenuId) : undefined;
    if (method !== 'POST' || !menu) return notFound();
    if (!menu.image) return bad('An image must be uploaded before the richmenu is used');
    this.userMenus.set(user, menu.richMenuId);
    return ok();
  }

  private aliasRoute(method: string, aliasId: string | undefined, body: Json): Answer {
    if (method === 'GET' && aliasId === 'list')
      return ok({
        aliases: [...this.aliases].map(([id, menu]) => ({ richMenuAliasId: id, richMenuId: menu })),
      });
    if (method === 'GET' && aliasId) {
      const menu = this.aliases.get(aliasId);
      return menu ? ok({ richMenuAliasId: aliasId, richMenuId: menu }) : notFound();
    }
    if (method === 'DELETE' && aliasId) return this.aliases.delete(aliasId) ? ok() : notFound();
    if (method !== 'POST') return notFound();
    const id = aliasId ?? body?.richMenuAliasId;
    const menu = this.menus.get(body?.richMenuId);
    if (typeof id !== 'string' || !ALIAS_ID.test(id))
      return bad('Invalid alias id', 'richMenuAliasId');
    if (!menu) return bad('richmenu not found', 'richMenuId');
    if (!menu.image) return bad('An image must be uploaded before an alias is set');
    if (aliasId === undefined && this.aliases.has(id)) return bad('conflict richmenu alias id');
    if (aliasId !== undefined && !this.aliases.has(id)) return notFound();
    this.aliases.set(id, menu.richMenuId);
    return ok();
  }

  /** `POST /v2/bot/richmenu/batch`: accepted (202) and carried out when its progress is asked. */
  private batch(body: Json): Answer {
    const problem = this.batchProblem(body);
    if (problem) return bad(problem.message, problem.property);
    const requestId = randomUUID();
    this.batches.set(requestId, {
      operations: body.operations,
      acceptedTime: new Date().toISOString(),
      ending: this.nextBatchEnding,
      phase: 'ongoing',
    });
    this.nextBatchEnding = 'succeeded';
    return { status: 202, body: {}, headers: { 'x-line-request-id': requestId } };
  }

  /** `GET /v2/bot/richmenu/progress/batch`: `ongoing` on the first look, then how it ended. */
  private progress(requestId: string | null): Answer {
    if (!requestId) return bad('requestId is required', 'requestId');
    const batch = this.batches.get(requestId);
    if (!batch) return notFound();
    const { acceptedTime, completedTime, phase } = batch;
    if (phase === 'ongoing' && batch.ending !== 'never') {
      // The second look finds it done.
      batch.phase = batch.ending === 'failed' ? 'failed' : 'succeeded';
      batch.completedTime = new Date().toISOString();
      if (batch.phase === 'succeeded') this.applyBatch(batch.operations);
    }
    return ok({ phase, acceptedTime, ...(completedTime ? { completedTime } : {}) });
  }

  /** Every operation sees the links as they were before the batch: they run side by side. */
  private applyBatch(operations: Json[]): void {
    const before = new Map(this.userMenus);
    for (const op of operations) {
      for (const [user, menu] of before) {
        if (op.type === 'unlinkAll' || (op.type === 'unlink' && menu === op.from))
          this.userMenus.delete(user);
        else if (op.type === 'link' && menu === op.from) this.userMenus.set(user, op.to);
      }
    }
  }

  /** LINE's rules for a batch request: 1 to 1,000 operations on menus that exist. */
  private batchProblem(body: Json): { message: string; property: string } | undefined {
    const operations = body?.operations;
    if (!Array.isArray(operations) || operations.length < 1)
      return { message: 'Must not be empty', property: 'operations' };
    if (operations.length > MAX_BATCH_OPERATIONS)
      return { message: 'Size must be between 1 and 1000', property: 'operations' };
    if (body.resumeRequestKey !== undefined && !RESUME_REQUEST_KEY.test(body.resumeRequestKey))
      return { message: 'Invalid resumeRequestKey', property: 'resumeRequestKey' };
    for (const [i, op] of operations.entries()) {
      const at = `operations[${i}]`;
      if (!['link', 'unlink', 'unlinkAll'].includes(op?.type))
        return { message: 'Must be one of link, unlink, unlinkAll', property: `${at}.type` };
      if (op.type !== 'unlinkAll' && !this.menus.has(op.from))
        return { message: 'richmenu not found', property: `${at}.from` };
      if (op.type === 'link' && !this.menus.get(op.to)?.image)
        return { message: 'richmenu not found or without an image', property: `${at}.to` };
    }
    return undefined;
  }

  private create(body: Json): Answer {
    const problem = richMenuProblem(body);
    if (problem) return bad(problem.message, problem.property);
    const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
    this.menus.set(richMenuId, { richMenuId, request: body });
    return ok({ richMenuId });
  }

  private view(menu: FakeRichMenu): object {
    return { richMenuId: menu.richMenuId, ...menu.request };
  }
}

/** LINE's rules for a rich menu object. */
function richMenuProblem(menu: Json): { message: string; property: string } | undefined {
  const { size, areas } = menu ?? {};
  if (size?.width !== 2500 || (size?.height !== 1686 && size?.height !== 843))
    return { message: 'Size must be 2500x1686 or 2500x843', property: 'size' };
  if (typeof menu.selected !== 'boolean')
    return { message: 'Must be boolean', property: 'selected' };
  if (typeof menu.name !== 'string' || menu.name.length < 1 || menu.name.length > 300)
    return { message: 'Length must be between 1 and 300', property: 'name' };
  if (
    typeof menu.chatBarText !== 'string' ||
    menu.chatBarText.length < 1 ||
    menu.chatBarText.length > 14
  )
    return { message: 'Length must be between 1 and 14', property: 'chatBarText' };
  if (!Array.isArray(areas) || areas.length < 1 || areas.length > 20)
    return { message: 'Size must be between 1 and 20', property: 'areas' };
  for (const [i, area] of areas.entries()) {
    const { x, y, width, height } = area?.bounds ?? {};
    const whole = [x, y, width, height].every((n) => Number.isInteger(n) && n >= 0);
    if (!whole || width < 1 || height < 1 || x + width > size.width || y + height > size.height)
      return { message: 'Bounds must lie within the rich menu', property: `areas[${i}].bounds` };
    const problem = actionProblem(area.action);
    if (problem) return { message: problem, property: `areas[${i}].action` };
  }
  return undefined;
}

function actionProblem(action: Json): string | undefined {
  const fits = (s: unknown, max: number) =>
    typeof s === 'string' && s.length >= 1 && s.length <= max;
  if (action?.label !== undefined && !fits(action.label, 20)) return 'label: 1 to 20 characters';
  switch (action?.type) {
    case 'postback':
      if (!fits(action.data, 300)) return 'data: 1 to 300 characters';
      if (action.displayText !== undefined && !fits(action.displayText, 300))
        return 'displayText: 1 to 300 characters';
      return undefined;
    case 'message':
      return fits(action.text, 300) ? undefined : 'text: 1 to 300 characters';
    case 'uri':
      return /^(https?|line|tel):/.test(String(action.uri)) ? undefined : 'Invalid URI';
    case 'richmenuswitch':
      return fits(action.richMenuAliasId, 32) && fits(action.data, 300)
        ? undefined
        : 'Invalid switch';
    default:
      return 'Unsupported action type';
  }
}

/** Width and height from a PNG's IHDR or a JPEG's SOF marker; undefined for anything else. */
export function imageSize(
  bytes: Buffer,
): { type: 'png' | 'jpeg'; width: number; height: number } | undefined {
  if (bytes.length > 24 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
    if (bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { type: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let at = 2; at + 9 < bytes.length;) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1];
      const length = bytes.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
        return {
          type: 'jpeg',
          height: bytes.readUInt16BE(at + 5),
          width: bytes.readUInt16BE(at + 7),
        };
      at += 2 + length;
    }
  }
  return undefined;
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
