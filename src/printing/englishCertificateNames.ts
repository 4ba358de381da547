import { findCertificate, type Catalogue } from '../orders/catalogue';
import type { CatalogueNames } from './renderCertificatePdf';

/**
 * The names a certificate prints, from the catalogue: English, because the PDF's standard fonts
 * have no Japanese; an id the catalogue no longer has prints as itself.
 */
export function englishCertificateNames(catalogue: Catalogue): CatalogueNames {
  return (certificateId) => findCertificate(catalogue, certificateId)?.name.en ?? certificateId;
}
