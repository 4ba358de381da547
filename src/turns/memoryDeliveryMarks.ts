import { DELIVERY_MARK_TTL_SECONDS, type DeliveryMarks } from './deliveryMarks';

/** The embedded {@link DeliveryMarks}: one process, forgotten on restart. */
export class MemoryDeliveryMarks implements DeliveryMarks {
  /** Mark → when it lapses (epoch ms). */
  private readonly marks = new Map<string, number>();

  constructor(
    private readonly ttlMs = DELIVERY_MARK_TTL_SECONDS * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async has(mark: string): Promise<boolean> {
    const lapses = this.marks.get(mark);
    if (lapses === undefined) return false;
    if (lapses > this.now()) return true;
    this.marks.delete(mark);
    return false;
  }

  async set(mark: string): Promise<void> {
    if (!(await this.has(mark))) this.marks.set(mark, this.now() + this.ttlMs);
  }
}
