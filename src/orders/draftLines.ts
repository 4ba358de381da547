import type { Language } from '../i18n/language';
import { isLanguage } from '../i18n/language';
import type { DirectoryEntry } from '../students/student';
import { findCertificate, type Catalogue } from './catalogue';
import { isEligible } from './eligibleCertificates';
import type { OrderLine } from './order';
import { OrderValidationError } from './errors';

/**
 * Checks the requested lines against the catalogue and the student and prices them (the fee is
 * copied into the line, so a later catalogue change does not alter an order already placed).
 * Details name the line by position only: ids may come from typed text.
 */
export function draftLines(
  requested: { certificateId: string; language: Language; copies: number }[],
  catalogue: Catalogue,
  student: DirectoryEntry,
): OrderLine[] {
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new OrderValidationError('no_lines');
  }
  if (requested.length > catalogue.maxLinesPerOrder) {
    throw new OrderValidationError('too_many_lines', `at most ${catalogue.maxLinesPerOrder}`);
  }
  const seen = new Set<string>();
  return requested.map((line, index) => {
    const at = `lines[${index}]`;
    const certificate = findCertificate(catalogue, line.certificateId);
    if (!certificate) throw new OrderValidationError('unknown_certificate', at);
    if (!isEligible(certificate, student)) throw new OrderValidationError('not_eligible', at);
    if (!isLanguage(line.language) || !certificate.languages.includes(line.language)) {
      throw new OrderValidationError('language_not_offered', at);
    }
    const copies = line.copies;
    if (!Number.isInteger(copies) || copies < 1 || copies > certificate.maxCopies) {
      throw new OrderValidationError('invalid_copies', at);
    }
    const key = `${certificate.id}/${line.language}`;
    if (seen.has(key)) throw new OrderValidationError('duplicate_line', at);
    seen.add(key);
    return {
      certificateId: certificate.id,
      language: line.language,
      copies,
      unitFee: certificate.feePerCopy,
    };
  });
}
