/** One authenticated staff API request, as the handlers see it (no HTTP types). */
export interface StaffApiCall {
  /** `api:<token name>`: who the audit log says did it. */
  actor: string;
  /** The request path, without the query. */
  pathname: string;
  /** Path parameters (`:orderId`, `:pushId`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** A request header, by lower-case name. */
  header(name: string): string | undefined;
  /** The JSON object in the body (refused with 415 / 413 / 400 otherwise). */
  body(): Promise<Record<string, unknown>>;
}

/** What a handler answers; the route adds the API's headers and writes it as JSON. */
export interface StaffApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
