/** One answer, as a browser received it before following anything. */
export interface BrowserAnswer {
  url: string;
  status: number;
  /** The `Location` header, resolved against `url`. */
  location?: string;
  html: string;
}

/**
 * A browser without a window, for flows across several servers (the service, an identity
 * provider): it keeps each origin's cookies and follows redirects one at a time, so a test can
 * stop where it wants to look (or tamper). Cookies are kept per origin (host and port), not per
 * host as browsers do: the test servers share 127.0.0.1.
 */
export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** `headers` go with every request (`Accept-Language`, say). */
  constructor(private readonly headers: Record<string, string> = {}) {}

  get(url: string): Promise<BrowserAnswer> {
    return this.request(url, { method: 'GET' });
  }

  /**
   * Opens `url` as a load balancer in front of several instances would: with `url`'s cookies,
   * answered by the instance at `instanceOrigin`.
   */
  getThrough(url: string, instanceOrigin: string): Promise<BrowserAnswer> {
    return this.request(url, { method: 'GET' }, instanceOrigin);
  }

  /** Posts a form (`application/x-www-form-urlencoded`). */
  post(url: string, fields: Record<string, string>): Promise<BrowserAnswer> {
    return this.request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /**
   * Opens `url` and follows its redirects until a page answers, or until the next address
   * satisfies `stopAt`: then that address is returned, not opened.
   */
  async follow(
    url: string,
    stopAt: (next: URL) => boolean = () => false,
  ): Promise<{ answer?: BrowserAnswer; stoppedAt?: string }> {
    let next = url;
    for (let hops = 0; hops < 20; hops += 1) {
      if (stopAt(new URL(next))) return { stoppedAt: next };
      const answer = await this.get(next);
      if (!answer.location) return { answer };
      next = answer.location;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private async request(
    url: string,
    init: RequestInit,
    instanceOrigin?: string,
  ): Promise<BrowserAnswer> {
    const origin = new URL(url).origin;
    const target = new URL(url);
    if (instanceOrigin) {
      const instance = new URL(instanceOrigin);
      target.host = instance.host;
    }
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(init.headers as Record<string, string>),
        ...(cookie ? { Cookie: cookie } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a),
      );
      if (expired) jar.delete(name);
      else jar.set(name, pair.slice(at + 1).trim());
    }
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      location: location ? new URL(location, url).toString() : undefined,
      html: await response.text(),
    };
  }
}
