import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** The prefix of the provider process's own lines on its stdout (oidc-provider writes there too). */
const MARK = '@@';

/** The client our service is registered as, at every test provider. */
export const OIDC_CLIENT = { id: 'certificate-bot', secret: 'test-client-secret-0123456789abcdef' };

/** Another relying party registered at the same providers. */
export const OTHER_CLIENT = { id: 'another-app', secret: 'another-client-secret-0123456789ab' };

/** Where the providers listen (see `openIdProvider.mjs`). */
export interface ProviderIssuers {
  /** The university's provider. */
  main: string;
  /** A second provider: another issuer, same signing key and clients. */
  other: string;
  /** A provider whose discovery sends the token request to `other` (a mix-up). */
  mixup: string;
}

/**
 * The real OpenID Providers (`oidc-provider`) of `test/support/openIdProvider.mjs`, in their own
 * `node` process, with the accounts `a0123456@example.ac.jp`, `b0654321@example.ac.jp` and
 * `s9999999@example.ac.jp` (not in the records).
 */
export class TestOpenIdProviders {
  private requests = 0;
  private readonly answers = new Map<number, () => void>();
  private readonly redirectUris = new Map<string, Set<string>>();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly issuers: ProviderIssuers,
    lines: AsyncIterable<string>,
  ) {
    void (async () => {
      for await (const line of lines) {
        if (!line.startsWith(MARK)) continue;
        const { id } = JSON.parse(line.slice(MARK.length)) as { id: number };
        this.answers.get(id)?.();
        this.answers.delete(id);
      }
    })();
  }

  static async start(): Promise<TestOpenIdProviders> {
    const child = spawn(process.execPath, [join(__dirname, 'openIdProvider.mjs')], {
      stdio: 'pipe',
    });
    let errors = '';
    // oidc-provider's start-up warnings (development login pages, memory store, Node 20).
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await Promise.race([
      (async () => {
        for (;;) {
          const next = await lines.next();
          if (next.done || String(next.value).startsWith(MARK)) return next;
        }
      })(),
      new Promise<never>((_, reject) =>
        child.once('exit', (code) =>
          reject(new Error(`the test OpenID Providers exited (${code}): ${errors.slice(-800)}`)),
        ),
      ),
    ]);
    if (first.done)
      throw new Error(`the test OpenID Providers said nothing: ${errors.slice(-800)}`);
    const { issuers } = JSON.parse(String(first.value).slice(MARK.length)) as {
      issuers: ProviderIssuers;
    };
    return new TestOpenIdProviders(child, issuers, { [Symbol.asyncIterator]: () => lines });
  }

  /**
   * Registers a confidential client (client_secret_basic) at every provider, or adds
   * `redirectUri` to its redirect URIs.
   */
  allow(client: { id: string; secret: string }, redirectUri: string): Promise<void> {
    const uris = this.redirectUris.get(client.id) ?? new Set<string>();
    this.redirectUris.set(client.id, uris.add(redirectUri));
    const id = ++this.requests;
    const done = new Promise<void>((resolve) => this.answers.set(id, resolve));
    const registration = {
      client_id: client.id,
      client_secret: client.secret,
      redirect_uris: [...uris],
    };
    this.child.stdin.write(`${JSON.stringify({ id, client: registration })}\n`);
    return done;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }
}
