import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SamlSetupError } from '../errors';

/** Our key pair: it signs our AuthnRequests and decrypts the assertions encrypted for us. */
export interface SamlKeyPair {
  /** PKCS#8 PEM. */
  privateKey: string;
  /** PEM; published in our metadata for signing and encryption. */
  certificate: string;
}

/**
 * Reads our key (`SAML_SP_KEY_FILE`) and certificate (`SAML_SP_CERT_FILE`), both PEM: an
 * unencrypted RSA key (what identity providers encrypt to) and the certificate of that key.
 * Throws {@link SamlSetupError} naming the file at fault.
 */
export function parseSamlKeyPair(keyPem: string, certificatePem: string): SamlKeyPair {
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new SamlSetupError('spKey', 'it is not an unencrypted PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SamlSetupError('spKey', 'it is not an RSA key (SAML encryption needs one)');
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new SamlSetupError('spCert', 'it is not a PEM X.509 certificate');
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new SamlSetupError('spCert', 'it is not the certificate of the key in SAML_SP_KEY_FILE');
  }
  return {
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificate: certificate.toString(),
  };
}
