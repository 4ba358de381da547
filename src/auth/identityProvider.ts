import type { DirectoryEntry } from '../students/student';

/**
 * The university login (ECS-ID / SPS-ID and password). Embedded default: a bundled demo
 * directory; production: SAML / OIDC adapters. Unknown ID and wrong password look the same.
 */
export interface IdentityProvider {
  authenticate(studentId: string, password: string): Promise<DirectoryEntry | undefined>;
}
