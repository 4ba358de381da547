/** eduPersonPrincipalName (`user@scope`): the default student-ID attribute. */
export const EDU_PERSON_PRINCIPAL_NAME = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.6';
/** eduPersonAffiliation (`student`, `staff`, …): who may log in. */
export const EDU_PERSON_AFFILIATION = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1';
/** eduPersonScopedAffiliation (`student@scope`): accepted in place of the unscoped one. */
export const EDU_PERSON_SCOPED_AFFILIATION = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.9';

/** Where the identity provider sends its answer (HTTP-POST binding), below `PUBLIC_URL`. */
export const SAML_ACS_PATH = '/auth/saml/acs';
/** Our service-provider metadata, below `PUBLIC_URL`; also the default entity ID. */
export const SAML_METADATA_PATH = '/auth/saml/metadata';

/** The SAML settings (`SAML_*`), read by `loadConfig`; the files are read at start-up. */
export interface SamlSettings {
  /** `SAML_IDP_METADATA_FILE`: the IdP's metadata (entity ID, SSO URL, signing certificates). */
  idpMetadataFile: string;
  /** `SAML_SP_KEY_FILE`: our private key (PEM), signing requests and decrypting assertions. */
  spKeyFile: string;
  /** `SAML_SP_CERT_FILE`: our certificate (PEM), published in our metadata. */
  spCertFile: string;
  /** `SAML_SP_ENTITY_ID`, default `<PUBLIC_URL>/auth/saml/metadata`. */
  spEntityId: string;
  /** `SAML_STUDENT_ID_ATTRIBUTE`: the attribute's `Name`; any `@scope` of its value is removed. */
  studentIdAttribute: string;
  /** `SAML_REQUIRED_AFFILIATION`, lower case: the eduPersonAffiliation a student has. */
  requiredAffiliation: string;
}
