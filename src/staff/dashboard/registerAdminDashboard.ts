import type { Request, Response, Server } from 'restify';
import type { LoginAttemptLimiter } from '../../auth/loginAttemptLimiter';
import { assetNamed, loadAssets, publicDir, sendAsset } from '../../http/assets';
import { clientAddressResolver, type ClientAddress } from '../../http/clientAddress';
import { SECURITY_HEADERS } from '../../http/securityHeaders';
import type { Texts } from '../../i18n/i18n';
import type { Catalogue } from '../../orders/catalogue';
import type { Logger } from '../../platform/logger';
import type { DeadLetters } from '../../turns/deadLetters';
import type { StaffDesk } from '../staffDesk';
import { AdminLayout } from './adminLayout';
import { AdminPipeline } from './adminPipeline';
import { DashboardHandlers } from './dashboardHandlers';
import type { StaffAccounts } from './staffAccounts';
import { StaffCookies } from './staffCookies';
import { StaffCsrf } from './staffCsrf';
import { StaffLoginHandlers } from './staffLoginHandlers';
import type { StaffSessionStore } from './staffSessionStore';

export interface AdminDashboardDeps {
  desk: StaffDesk;
  /** From `STAFF_ACCOUNTS_FILE`, loaded at start-up (composition/dataFiles.ts). */
  accounts: StaffAccounts;
  catalogue: Pick<Catalogue, 'certificates' | 'networks'>;
  texts: Texts;
  logger: Logger;
  /** Shared by every instance when the state is on Redis (see `createStatePorts`). */
  sessions: StaffSessionStore;
  /** Events that could not be parsed, queued or run, shown at `/admin/dead-letters`. */
  deadLetters: Pick<DeadLetters, 'list'>;
  /** Failed staff logins are counted here, apart from the students' (ids are prefixed `staff:`). */
  limiter: LoginAttemptLimiter;
  /** `Secure`, `__Host-` cookies: true whenever the public URL is https. */
  secureCookies: boolean;
  /** The address failed logins are counted by; default the TCP peer (see `registerAuthRoutes`). */
  clientAddress?: ClientAddress;
}

/** The dashboard's own paths, each behind the staff login unless said otherwise. */
export const ADMIN_PATHS = {
  login: '/admin/login',
  logout: '/admin/logout',
  orders: '/admin',
  order: '/admin/orders/:orderId',
  push: '/admin/push',
  preview: '/admin/push/preview',
  send: '/admin/push/send',
  pushes: '/admin/pushes',
  report: '/admin/pushes/:pushId',
  audit: '/admin/audit',
  deadLetters: '/admin/dead-letters',
  assets: '/admin/static/:file',
} as const;

/** The dashboard's style and script, read once at start-up and served under `/admin/static/`. */
const ADMIN_ASSETS = {
  'admin.css': 'text/css; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
} as const;

/**
 * The staff dashboard at `/admin` (ja / en): login, orders with filters and each order's history,
 * the push composer (preview, send), push reports, the audit log and the dead-letter list. Every page needs a staff
 * session except the login page and its style and script; any other `/admin/…` path is 404 with
 * a session and refused without one. `/admin/api/…` belongs to the staff API, which registers
 * its own `/admin/api/*` (restify prefers the longer route).
 */
export function registerAdminDashboard(server: Server, deps: AdminDashboardDeps): void {
  const cookies = new StaffCookies(deps.secureCookies);
  const csrf = new StaffCsrf(cookies);
  const pipeline = new AdminPipeline({
    texts: deps.texts,
    catalogue: deps.catalogue,
    accounts: deps.accounts,
    sessions: deps.sessions,
    cookies,
    csrf,
    layout: new AdminLayout(deps.texts),
    logger: deps.logger,
    maxBodyBytes: 64 * 1024,
  });
  const login = new StaffLoginHandlers({
    accounts: deps.accounts,
    sessions: deps.sessions,
    cookies,
    csrf,
    limiter: deps.limiter,
    desk: deps.desk,
    logger: deps.logger,
    clientAddress: deps.clientAddress ?? clientAddressResolver([]),
  });
  const pages = new DashboardHandlers({
    desk: deps.desk,
    catalogue: deps.catalogue,
    deadLetters: deps.deadLetters,
  });

  server.get(
    ADMIN_PATHS.login,
    pipeline.open('login', (c) => login.show(c)),
  );
  server.post(
    ADMIN_PATHS.login,
    pipeline.open('login', (c) => login.submit(c)),
  );
  server.post(
    ADMIN_PATHS.logout,
    pipeline.signedIn('logout', (c) => login.logout(c)),
  );
  server.get(
    ADMIN_PATHS.orders,
    pipeline.signedIn('orders', (c) => pages.orders(c)),
  );
  server.get(
    ADMIN_PATHS.order,
    pipeline.signedIn('order', (c) => pages.order(c)),
  );
  server.get(
    ADMIN_PATHS.push,
    pipeline.signedIn('push', (c) => pages.composer(c)),
  );
  server.post(
    ADMIN_PATHS.preview,
    pipeline.signedIn('preview', (c) => pages.preview(c)),
  );
  server.post(
    ADMIN_PATHS.send,
    pipeline.signedIn('send', (c) => pages.send(c)),
  );
  server.get(
    ADMIN_PATHS.pushes,
    pipeline.signedIn('pushes', (c) => pages.pushes(c)),
  );
  server.get(
    ADMIN_PATHS.report,
    pipeline.signedIn('report', (c) => pages.push(c)),
  );
  server.get(
    ADMIN_PATHS.audit,
    pipeline.signedIn('audit', (c) => pages.audit(c)),
  );
  server.get(
    ADMIN_PATHS.deadLetters,
    pipeline.signedIn('deadLetters', (c) => pages.deadLetters(c)),
  );

  const assets = loadAssets(publicDir('admin'), ADMIN_ASSETS);
  server.get(ADMIN_PATHS.assets, async (req: Request, res: Response): Promise<void> => {
    const asset = assetNamed(assets, String(req.params?.file ?? ''));
    if (!asset) {
      res.sendRaw(404, '', { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' });
      return;
    }
    sendAsset(res, asset);
  });

  // Everything else under /admin: 404 for staff, the login (or 401) for anyone else.
  const unknown = pipeline.signedIn('unknown', (c) => pages.notFound(c));
  server.get('/admin/*', unknown);
  server.post('/admin/*', unknown);
}
