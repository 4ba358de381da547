import { DateTime } from 'luxon';
import type { Translate, Texts } from '../../i18n/i18n';
import { formatDateTime } from '../../i18n/formatDateTime';
import { formatYen } from '../../i18n/formatYen';
import type { Language } from '../../i18n/language';
import type { Catalogue } from '../../orders/catalogue';
import type { OrderLine } from '../../orders/order';
import { ZONE } from '../../platform/clock';
import type { ChatChannel } from '../../students/student';
import type { OrderFilter } from '../staffDesk';
import { MAX_DEADLINE_HOURS, MAX_PUSH_MESSAGE, type InputProblem } from '../staffInput';

/**
 * Everything a dashboard page says about orders, pushes and problems, in one language: labels
 * from `locales/<lng>/admin.json`, names from the catalogue, times in Japan time.
 */
export class AdminWords {
  readonly t: Translate;

  constructor(
    texts: Texts,
    private readonly catalogue: Pick<Catalogue, 'certificates' | 'networks'>,
    readonly language: Language,
  ) {
    this.t = texts.t(language, 'admin');
  }

  status(status: string): string {
    return this.t(`status.${status}`, { defaultValue: status });
  }

  /** A history reason code; an unknown (newer) code is shown as it is. */
  reason(reason: string): string {
    return this.t(`reason.${reason}`, { defaultValue: reason });
  }

  certificate(certificateId: string): string {
    const found = this.catalogue.certificates.find((c) => c.id === certificateId);
    return found ? found.name[this.language] : certificateId;
  }

  line(line: OrderLine): string {
    return this.t('orders.line', {
      name: this.certificate(line.certificateId),
      language: this.t(`language.${line.language}`),
      copies: line.copies,
    });
  }

  /** A copier network with the store chains that carry it: "7-Eleven", "FamilyMart / Lawson". */
  network(networkId: string): string {
    const found = this.catalogue.networks.find((n) => n.id === networkId);
    if (!found) return networkId;
    return found.stores.length > 0
      ? found.stores.map((store) => store.name[this.language]).join(' / ')
      : found.name[this.language];
  }

  channel(channel: ChatChannel): string {
    return this.t(`channel.${channel}`);
  }

  /** A deadline as students read it (weekday included). */
  deadline(iso: string): string {
    return formatDateTime(iso, this.language);
  }

  /** A moment in a log, to the second, Japan time. */
  time(iso: string): string {
    const time = DateTime.fromISO(iso).setZone(ZONE);
    return time.isValid ? time.toFormat('yyyy-MM-dd HH:mm:ss') : iso;
  }

  yen(amount: number): string {
    return formatYen(amount, this.language);
  }

  /** The sentence shown next to a field: field-specific when there is one. */
  problem(problem: InputProblem): string {
    const max = problem.field === 'deadlineWithinHours' ? MAX_DEADLINE_HOURS : MAX_PUSH_MESSAGE;
    return this.t([`problem.${problem.field}.${problem.code}`, `problem.${problem.code}`], { max });
  }

  /** A filter in one line: "Status: Paid · Student ID: a0123456", or "All orders". */
  filter(filter: OrderFilter): string {
    const items: [string, string][] = [];
    if (filter.status) items.push(['status', this.status(filter.status)]);
    if (filter.certificateId) items.push(['certificateId', this.certificate(filter.certificateId)]);
    if (filter.network) items.push(['network', this.network(filter.network)]);
    if (filter.deadlineWithinHours !== undefined) {
      items.push(['deadlineWithinHours', String(filter.deadlineWithinHours)]);
    }
    if (filter.studentId) items.push(['studentId', filter.studentId]);
    if (items.length === 0) return this.t('filter.none');
    return items
      .map(([field, value]) => this.t('filter.item', { label: this.t(`filter.${field}`), value }))
      .join(' · ');
  }
}
