/**
 * Real OpenID Providers for the tests (`oidc-provider`), in a process of their own: oidc-provider
 * 9 ships only ES modules, which Jest on Node 20 cannot load. `test/support/openIdProviders.ts`
 * starts this script with `node` and talks to it over stdin / stdout, one JSON object a line.
 *
 * Three providers listen on free ports of 127.0.0.1, sharing one signing key, one store
 * (`SharedMemoryAdapter`) and the clients the tests register:
 * - `main`: the university's provider;
 * - `other`: a second provider (another issuer);
 * - `mixup`: a provider whose discovery document sends the token request to `other`, so that the
 *   relying party receives an ID token of another issuer (a mix-up attack).
 *
 * Out (each line prefixed with `@@`, as oidc-provider prints its own notices to stdout too):
 * `{"issuers": {"main": …, "other": …, "mixup": …}}` once listening. In: `{"id": n,
 * "client": {client_id, client_secret, redirect_uris}}` registers a client at all three; the
 * answer is `{"id": n}`. The process ends when stdin closes.
 *
 * Login is oidc-provider's development login page (any password), for the accounts below only;
 * consent is granted on its consent page. PKCE (S256) is required of every client. ID tokens live
 * 5 minutes, so a test can move the relying party's clock past them without voiding anything else.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import process from 'node:process';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

/** The accounts, by the login typed on the provider's page. */
const ACCOUNTS = {
  'a0123456@example.ac.jp': { name: '京大 太郎' },
  'b0654321@example.ac.jp': { name: '京大 花子' },
  // A person the university knows and the registrar's records do not.
  's9999999@example.ac.jp': { name: '記録 なし' },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig' };

async function findAccount(_ctx, id) {
  const account = ACCOUNTS[id];
  if (!account) return undefined;
  return {
    accountId: id,
    claims: async () => ({ sub: id, preferred_username: id, name: account.name }),
  };
}

/**
 * One store for the three providers (oidc-provider's own in-memory adapter is one per provider):
 * a code issued by one can be redeemed at another's token endpoint, as in a mix-up.
 */
const store = new Map();

class SharedMemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
    store.set(this.key(id), { payload: { ...payload }, expiresAt });
    if (payload.grantId) {
      const grant = `grant:${payload.grantId}`;
      store.set(grant, [...(store.get(grant) ?? []), this.key(id)]);
    }
    if (payload.uid) store.set(`${this.model}:uid:${payload.uid}`, id);
    if (payload.userCode) store.set(`${this.model}:userCode:${payload.userCode}`, id);
  }

  async find(id) {
    const entry = store.get(this.key(id));
    if (!entry || (entry.expiresAt && entry.expiresAt < Date.now())) return undefined;
    return entry.payload;
  }

  async findByUid(uid) {
    const id = store.get(`${this.model}:uid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = store.get(`${this.model}:userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of store.get(`grant:${grantId}`) ?? []) store.delete(key);
    store.delete(`grant:${grantId}`);
  }
}

function configuration() {
  return {
    adapter: SharedMemoryAdapter,
    findAccount,
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'] },
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    pkce: { required: () => true },
    ttl: { IdToken: 300 },
    features: { devInteractions: { enabled: true } },
  };
}

/** Listens on a free port first: the issuer names the port. */
async function listening() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, issuer: `http://127.0.0.1:${server.address().port}` };
}

const listeners = { main: await listening(), other: await listening(), mixup: await listening() };
const providers = {};
for (const [name, { server, issuer }] of Object.entries(listeners)) {
  const provider = new Provider(issuer, configuration());
  server.on('request', provider.callback());
  providers[name] = provider;
}
// The mix-up: the discovery document of `mixup` names the token endpoint of `other`.
providers.mixup.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/.well-known/openid-configuration' && ctx.body) {
    ctx.body.token_endpoint = `${listeners.other.issuer}/token`;
  }
});

process.stdout.write(
  `@@${JSON.stringify({ issuers: Object.fromEntries(Object.entries(listeners).map(([name, l]) => [name, l.issuer])) })}\n`,
);

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { id, client } = JSON.parse(line);
  // One store for all three: registering at one registers at every provider.
  await new SharedMemoryAdapter('Client').upsert(client.client_id, {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  });
  process.stdout.write(`@@${JSON.stringify({ id })}\n`);
}
for (const { server } of Object.values(listeners)) {
  server.close();
  server.closeAllConnections();
}
