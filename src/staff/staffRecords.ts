import type { AuditEntry, PushJob } from './staffDesk';

/**
 * Push jobs and the staff audit log, shared by every instance. A job is written by the instance
 * delivering it; any instance can read it. The audit log keeps the newest {@link AUDIT_LIMIT}
 * entries; the service's JSON log keeps every line as well.
 */
export interface StaffRecords {
  savePush(job: PushJob): Promise<void>;
  getPush(pushId: string): Promise<PushJob | undefined>;
  /** Newest first. */
  listPushes(limit: number): Promise<PushJob[]>;
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  audit(limit: number): Promise<AuditEntry[]>;
}

export const AUDIT_LIMIT = 10_000;
/** Past pushes kept for the report pages. */
export const PUSH_LIMIT = 1_000;

/** The embedded {@link StaffRecords}: one process, gone on restart. */
export class MemoryStaffRecords implements StaffRecords {
  private readonly pushes = new Map<string, string>();
  private readonly entries: string[] = [];

  async savePush(job: PushJob): Promise<void> {
    this.pushes.delete(job.pushId);
    this.pushes.set(job.pushId, JSON.stringify(job));
    while (this.pushes.size > PUSH_LIMIT) this.pushes.delete(this.pushes.keys().next().value!);
  }

  async getPush(pushId: string): Promise<PushJob | undefined> {
    const raw = this.pushes.get(pushId);
    return raw === undefined ? undefined : (JSON.parse(raw) as PushJob);
  }

  async listPushes(limit: number): Promise<PushJob[]> {
    return [...this.pushes.values()]
      .map((raw) => JSON.parse(raw) as PushJob)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .slice(0, Math.max(0, limit));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.entries.unshift(JSON.stringify(entry));
    this.entries.length = Math.min(this.entries.length, AUDIT_LIMIT);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    return this.entries.slice(0, Math.max(0, limit)).map((raw) => JSON.parse(raw) as AuditEntry);
  }
}
