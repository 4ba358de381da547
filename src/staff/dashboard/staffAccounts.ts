import { DataFileError } from '../../platform/errors';
import { readFileSync } from 'node:fs';
import { InvalidPasswordHashError } from '../../auth/errors';
import {
  parsePasswordHash,
  unmatchablePasswordHash,
  verifyPassword,
  type PasswordHash,
} from '../../auth/passwordHash';
import type { LocalizedText } from '../../orders/catalogue';

/** A staff member as the dashboard shows them (never the password hash). */
export interface StaffMember {
  staffId: string;
  name: LocalizedText;
}

/** A staff id as the file and the login form write it: lower case, no spaces, at most 64. */
export const STAFF_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Longer input is no id or password of ours; refusing it early bounds the work per attempt. */
const MAX_INPUT_LENGTH = 1024;

interface StaffRecord {
  member: StaffMember;
  password: PasswordHash;
}

/** The canonical form of a typed staff id: full-width folded to ASCII, trimmed, lower case. */
export function normalizeStaffId(input: string): string {
  return input.normalize('NFKC').trim().toLowerCase();
}

/**
 * The staff who may use the dashboard, from `STAFF_ACCOUNTS_FILE`:
 * `{ "staff": [ { staffId, passwordHash: "scrypt$…", name: { ja, en } } ] }`. Read and checked
 * once, at start-up; a bad file throws {@link DataFileError} there, not at the first
 * login.
 */
export class StaffAccounts {
  /** Checked when the id is unknown, so the answer takes as long as for a wrong password. */
  private readonly decoy: PasswordHash;

  private constructor(private readonly records: Map<string, StaffRecord>) {
    const costliest = [...records.values()]
      .map((record) => record.password)
      .reduce((a, b) => (cost(b) > cost(a) ? b : a));
    this.decoy = unmatchablePasswordHash(costliest);
  }

  static fromFile(file: string): StaffAccounts {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new DataFileError('staff accounts', file, 'it cannot be read', { cause: err });
    }
    return StaffAccounts.parse(text, file);
  }

  /** Reads the file's text; `file` only names it in errors. */
  static parse(text: string, file: string): StaffAccounts {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new DataFileError('staff accounts', file, 'it is not valid JSON', { cause: err });
    }
    const staff = (json as { staff?: unknown } | null)?.staff;
    if (!Array.isArray(staff) || staff.length === 0) {
      throw new DataFileError('staff accounts', file, 'it needs a non-empty "staff" array');
    }
    const records = new Map<string, StaffRecord>();
    staff.forEach((raw: unknown, index) => {
      const fail = (reason: string) =>
        new DataFileError('staff accounts', file, `staff[${index}] ${reason}`);
      const record = parseRecord(raw, fail);
      if (records.has(record.member.staffId)) throw fail('repeats an earlier staffId');
      records.set(record.member.staffId, record);
    });
    return new StaffAccounts(records);
  }

  get size(): number {
    return this.records.size;
  }

  /** The staff member, if the id is in the file. */
  get(staffId: string): StaffMember | undefined {
    const record = this.records.get(staffId);
    return record && structuredClone(record.member);
  }

  /** The staff member when the password matches; as slow for an unknown id as for a wrong one. */
  async authenticate(typedId: string, password: string): Promise<StaffMember | undefined> {
    if (typedId.length > MAX_INPUT_LENGTH || password.length > MAX_INPUT_LENGTH) return undefined;
    const record = this.records.get(normalizeStaffId(typedId));
    const matches = await verifyPassword(password, record?.password ?? this.decoy);
    return matches && record ? structuredClone(record.member) : undefined;
  }
}

function parseRecord(raw: unknown, fail: (reason: string) => Error): StaffRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw fail('is not an object');
  const item = raw as Record<string, unknown>;
  const staffId = typeof item.staffId === 'string' ? normalizeStaffId(item.staffId) : '';
  if (!STAFF_ID.test(staffId)) {
    throw fail('needs a "staffId" of letters, digits, "." "_" "-" (at most 64)');
  }
  if (typeof item.passwordHash !== 'string') {
    throw fail('needs a "passwordHash" (make one with `npm run hash-password`)');
  }
  let password: PasswordHash;
  try {
    password = parsePasswordHash(item.passwordHash);
  } catch (err) {
    if (err instanceof InvalidPasswordHashError) {
      throw fail(`has an invalid passwordHash (${err.reason})`);
    }
    throw err;
  }
  const { ja, en } = (item.name ?? {}) as { ja?: unknown; en?: unknown };
  if (typeof ja !== 'string' || !ja.trim() || typeof en !== 'string' || !en.trim()) {
    throw fail('needs "name": { "ja": "…", "en": "…" } with both texts');
  }
  return { member: { staffId, name: { ja: ja.trim(), en: en.trim() } }, password };
}

function cost({ params }: PasswordHash): number {
  return params.N * params.r * params.p;
}
