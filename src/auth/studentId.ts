import { createHmac, randomBytes } from 'node:crypto';
import { normalizeStudentId } from '../students/studentId';

// The canonical form lives with the students (data files below auth normalize IDs too).
export { normalizeStudentId };

/**
 * Makes short tags of student IDs for log lines. IDs are short and guessable, so a plain hash
 * could be reversed by trying them all: the tag is an HMAC under a key that stays in memory.
 * With no key given a random one is drawn, so tags correlate within one process only; give
 * every instance the same secret to correlate across them.
 */
export class StudentIdTagger {
  private readonly key: Buffer;

  constructor(key?: string) {
    this.key = key ? Buffer.from(key, 'utf8') : randomBytes(32);
  }

  tag(studentId: string): string {
    return createHmac('sha256', this.key)
      .update(normalizeStudentId(studentId))
      .digest('hex')
      .slice(0, 16);
  }
}
