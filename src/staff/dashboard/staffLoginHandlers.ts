import type { Request } from 'restify';
import type { LoginAttemptLimiter } from '../../auth/loginAttemptLimiter';
import type { Logger } from '../../platform/logger';
import type { StaffDesk } from '../staffDesk';
import type { AdminContext, SignedInContext } from './adminPipeline';
import { redirect, type AdminOutcome } from './adminOutcome';
import { loginBody, type LoginView } from './loginPage';
import { safeNext } from './safeNext';
import { normalizeStaffId, STAFF_ID, type StaffAccounts } from './staffAccounts';
import type { StaffCookies } from './staffCookies';
import type { StaffCsrf } from './staffCsrf';
import type { StaffSessionStore } from './staffSessionStore';

export interface StaffLoginDeps {
  accounts: StaffAccounts;
  sessions: StaffSessionStore;
  cookies: StaffCookies;
  csrf: StaffCsrf;
  limiter: LoginAttemptLimiter;
  desk: Pick<StaffDesk, 'record'>;
  logger: Logger;
  clientAddress: (req: Request) => string;
}

/**
 * Staff login and logout. A post is checked in this order — CSRF (by the pipeline), the fields,
 * the rate limit, the password — and every outcome but a refused form goes to the audit log.
 * A successful login always starts a new session with a new CSRF token (an id or a token planted
 * before the login is worth nothing after it).
 */
export class StaffLoginHandlers {
  constructor(private readonly deps: StaffLoginDeps) {}

  async show(context: AdminContext): Promise<AdminOutcome> {
    const next = context.query.get('next');
    if (context.staff) return redirect(safeNext(next));
    const notice = context.query.has('bye')
      ? 'login.loggedOut'
      : context.query.has('ended')
        ? 'login.sessionEnded'
        : undefined;
    return this.form(context, 200, { next: next ? safeNext(next) : undefined, notice });
  }

  async submit(context: AdminContext): Promise<AdminOutcome> {
    const { form } = context;
    const typed = (form.get('staffId') ?? '').slice(0, 256);
    const password = form.get('password') ?? '';
    const next = safeNext(form.get('next'));
    const again = (status: number, errors: string[]): Promise<AdminOutcome> =>
      this.form(context, status, { next, staffId: typed.trim(), errors });
    const staffId = normalizeStaffId(typed);
    if (!staffId || !password) return again(422, ['login.empty']);

    const attempt = {
      // Apart from the students' counters: a staff id may look like a student id.
      studentId: `staff:${staffId}`,
      address: `staff:${this.deps.clientAddress(context.req)}`,
    };
    // Only an id that could be an account is written to the log; anything else may be a password.
    const actor = STAFF_ID.test(staffId) ? staffId : '-';
    if (!(await this.deps.limiter.acquire(attempt))) {
      this.deps.logger.warn({ event: 'staff_login', outcome: 'limited' }, 'staff login limited');
      await this.deps.desk.record({ actor, action: 'login_failed' });
      return again(429, ['login.invalidCredentials', 'login.tryLater']);
    }
    const member = await this.deps.accounts.authenticate(staffId, password);
    if (!member) {
      this.deps.logger.info({ event: 'staff_login', outcome: 'failed' }, 'staff login failed');
      await this.deps.desk.record({ actor, action: 'login_failed' });
      return again(401, ['login.invalidCredentials']);
    }
    await this.deps.limiter.succeeded(attempt);
    if (context.sessionCookie) await this.deps.sessions.destroy(context.sessionCookie);
    const sessionId = await this.deps.sessions.create(member.staffId);
    await this.deps.desk.record({ actor: member.staffId, action: 'login' });
    this.deps.logger.info(
      { event: 'staff_login', outcome: 'ok', staffId: member.staffId },
      'staff login',
    );
    return redirect(next, [this.deps.cookies.session(sessionId), this.deps.csrf.renewed()]);
  }

  async logout(context: SignedInContext): Promise<AdminOutcome> {
    await this.deps.sessions.destroy(context.sessionCookie);
    await this.deps.desk.record({ actor: context.staff.staffId, action: 'logout' });
    return redirect('/admin/login?bye=1', [this.deps.cookies.clearSession()]);
  }

  private async form(
    context: AdminContext,
    status: number,
    view: Omit<LoginView, 'csrfToken'>,
  ): Promise<AdminOutcome> {
    return {
      kind: 'page',
      status,
      title: context.words.t('login.title'),
      body: loginBody(context.words, { ...view, csrfToken: context.csrfToken }),
      switchPath: '/admin/login',
    };
  }
}
