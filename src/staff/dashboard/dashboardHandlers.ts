import type { Catalogue } from '../../orders/catalogue';
import type { DeadLetters } from '../../turns/deadLetters';
import { LineQuotaExceededError } from '../errors';
import type { OrderFilter, PushMessage, PushOptions, StaffDesk } from '../staffDesk';
import {
  confirmedCount,
  parseOrderFilter,
  parsePushMessage,
  type InputProblem,
} from '../staffInput';
import type { SignedInContext } from './adminPipeline';
import { redirect, type AdminOutcome, type AdminPageOutcome } from './adminOutcome';
import { auditBody } from './auditPage';
import { deadLettersBody } from './deadLettersPage';
import { filterInputOf, type FilterInput } from './filterFields';
import { messageBody } from './loginPage';
import { OrderPages } from './orderPages';
import { PushPages } from './pushPages';

/** How many rows the lists show; the newest first. */
export const LIST_LIMITS = { orders: 200, pushes: 50, audit: 200, deadLetters: 200 } as const;

/** Reloads a running push's report this often (seconds). */
const REPORT_REFRESH_SECONDS = 2;

/** Order ids (`K7Q2M9XH4T`) and push ids as they appear in links; anything else is no record. */
const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface DashboardDeps {
  desk: StaffDesk;
  catalogue: Pick<Catalogue, 'certificates' | 'networks'>;
  deadLetters: Pick<DeadLetters, 'list'>;
}

/**
 * The signed-in pages: orders and one order's history, the push composer with its preview and
 * send, the push reports, the audit log and the dead-letter list. Input is checked by `parseOrderFilter` and
 * `parsePushMessage`; a refused field is shown again with its problem beside it (422).
 */
export class DashboardHandlers {
  private readonly orderPages: OrderPages;
  private readonly pushPages: PushPages;

  constructor(private readonly deps: DashboardDeps) {
    this.orderPages = new OrderPages(deps.catalogue);
    this.pushPages = new PushPages(deps.catalogue);
  }

  async orders(context: SignedInContext): Promise<AdminOutcome> {
    const input = filterInputOf(context.query);
    const parsed = parseOrderFilter(input, this.deps.catalogue);
    const limit = LIST_LIMITS.orders;
    const page = parsed.ok ? await this.deps.desk.listOrders(parsed.value, limit) : undefined;
    const problems = parsed.ok ? [] : parsed.problems;
    return this.page(problems.length > 0 ? 422 : 200, context.words.t('orders.title'), {
      section: 'orders',
      body: this.orderPages.list(context.words, { input, problems, page, limit }),
    });
  }

  async order(context: SignedInContext): Promise<AdminOutcome> {
    const orderId = String(context.req.params?.orderId ?? '');
    const order = RECORD_ID.test(orderId) ? await this.deps.desk.getOrder(orderId) : undefined;
    if (!order) return this.notFound(context);
    return this.page(200, context.words.t('order.title', { orderId: order.orderId }), {
      section: 'orders',
      body: this.orderPages.order(context.words, order),
    });
  }

  async composer(context: SignedInContext): Promise<AdminOutcome> {
    return this.composerPage(context, 200, filterInputOf(context.query), [], {});
  }

  async preview(context: SignedInContext, status = 200): Promise<AdminOutcome> {
    const checked = this.check(context);
    if (!checked.ok) return checked.outcome;
    const { filter, message, input } = checked;
    const preview = await this.deps.desk.previewPush(filter, message);
    return this.page(status, context.words.t('push.previewTitle'), {
      section: 'push',
      switchPath: '/admin/push',
      body: this.pushPages.preview(context.words, {
        csrfToken: context.csrfToken,
        input,
        message,
        problems: [],
        filter,
        preview,
      }),
    });
  }

  async send(context: SignedInContext): Promise<AdminOutcome> {
    const checked = this.check(context);
    if (!checked.ok) return checked.outcome;
    try {
      const push = await this.deps.desk.startPush(
        context.staff.staffId,
        checked.filter,
        checked.message,
        checked.options,
      );
      return redirect(`/admin/pushes/${encodeURIComponent(push.pushId)}`);
    } catch (err) {
      if (!(err instanceof LineQuotaExceededError)) throw err;
      // The preview again, read afresh: it says why, and offers sending to those that fit now.
      return this.preview(context, 409);
    }
  }

  async pushes(context: SignedInContext): Promise<AdminOutcome> {
    const pushes = await this.deps.desk.listPushes(LIST_LIMITS.pushes);
    return this.page(200, context.words.t('pushes.title'), {
      section: 'pushes',
      body: this.pushPages.list(context.words, pushes),
    });
  }

  async push(context: SignedInContext): Promise<AdminOutcome> {
    const pushId = String(context.req.params?.pushId ?? '');
    const push = RECORD_ID.test(pushId) ? await this.deps.desk.getPush(pushId) : undefined;
    if (!push) return this.notFound(context);
    return this.page(200, context.words.t('report.title', { pushId: push.pushId }), {
      section: 'pushes',
      body: this.pushPages.report(context.words, push),
      refreshSeconds: push.status === 'running' ? REPORT_REFRESH_SECONDS : undefined,
    });
  }

  async audit(context: SignedInContext): Promise<AdminOutcome> {
    const entries = await this.deps.desk.audit(LIST_LIMITS.audit);
    return this.page(200, context.words.t('audit.title'), {
      section: 'audit',
      body: auditBody(context.words, entries),
    });
  }

  async deadLetters(context: SignedInContext): Promise<AdminOutcome> {
    const letters = await this.deps.deadLetters.list(LIST_LIMITS.deadLetters);
    return this.page(200, context.words.t('deadLetters.title'), {
      section: 'deadLetters',
      body: deadLettersBody(context.words, letters),
    });
  }

  async notFound(context: SignedInContext): Promise<AdminOutcome> {
    // `/admin/` is the orders page with a trailing slash typed by hand.
    if (context.req.method === 'GET' && context.req.path() === '/admin/') {
      return redirect(`/admin${context.query.size > 0 ? `?${context.query}` : ''}`);
    }
    return this.page(404, context.words.t('message.notFound.title'), {
      body: messageBody(context.words, 'notFound', true),
    });
  }

  /** The posted filter and message, or the composer again with their problems (422). */
  private check(context: SignedInContext):
    | {
        ok: true;
        filter: OrderFilter;
        message: PushMessage;
        options: PushOptions;
        input: FilterInput;
      }
    | { ok: false; outcome: AdminOutcome } {
    const input = filterInputOf(context.form);
    const typed = { ja: context.form.get('ja') ?? '', en: context.form.get('en') ?? '' };
    const filter = parseOrderFilter(input, this.deps.catalogue);
    const message = parsePushMessage(typed);
    const confirm = context.form.get('confirmLineRecipients');
    const confirmLineRecipients = confirm === null ? undefined : confirmedCount(confirm);
    const confirmOk = confirm === null || confirmLineRecipients !== undefined;
    if (filter.ok && message.ok && confirmOk) {
      const options = confirmLineRecipients === undefined ? {} : { confirmLineRecipients };
      return { ok: true, filter: filter.value, message: message.value, options, input };
    }
    const problems: InputProblem[] = [
      ...(filter.ok ? [] : filter.problems),
      ...(message.ok ? [] : message.problems),
      ...(confirmOk ? [] : [{ field: 'confirmLineRecipients', code: 'invalid' as const }]),
    ];
    return { ok: false, outcome: this.composerPage(context, 422, input, problems, typed) };
  }

  private composerPage(
    context: SignedInContext,
    status: number,
    input: FilterInput,
    problems: InputProblem[],
    message: { ja?: string; en?: string },
  ): AdminPageOutcome {
    return this.page(status, context.words.t('push.title'), {
      section: 'push',
      switchPath: '/admin/push',
      body: this.pushPages.composer(context.words, {
        csrfToken: context.csrfToken,
        input,
        message,
        problems,
      }),
    });
  }

  private page(
    status: number,
    title: string,
    rest: Omit<AdminPageOutcome, 'kind' | 'status' | 'title'>,
  ): AdminPageOutcome {
    return { kind: 'page', status, title, ...rest };
  }
}
