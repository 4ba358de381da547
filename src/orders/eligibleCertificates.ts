import type { DirectoryEntry } from '../students/student';
import type { Catalogue, CertificateType } from './catalogue';

/** Whether the university lets this student order this certificate (program, final year). */
export function isEligible(certificate: CertificateType, student: DirectoryEntry): boolean {
  const { programs, finalYearOnly } = certificate.eligibility;
  return programs.includes(student.program) && (!finalYearOnly || student.finalYear);
}

/** The certificates this student may order, in catalogue order. */
export function eligibleCertificates(
  catalogue: Catalogue,
  student: DirectoryEntry,
): CertificateType[] {
  return catalogue.certificates.filter((certificate) => isEligible(certificate, student));
}
