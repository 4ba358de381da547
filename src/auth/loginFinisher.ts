import { loggableError } from '../http/loggableError';
import type { Page } from '../http/page';
import type { Language } from '../i18n/language';
import type { Logger } from '../platform/logger';
import type { Metrics } from '../platform/metrics';
import type { DirectoryEntry } from '../students/student';
import type { StudentRecords } from '../students/studentRecords';
import type { UniversityIdentity } from './universityIdentity';
import type { LoginMessage, LoginPages } from './loginPages';
import type { LoginOutcome, LoginRequest, LoginRequestStore } from './loginRequest';
import type { StudentIdTagger } from './studentId';

/** How a login ended, for the metric and the log line. */
export type LoginOutcomeName =
  | 'ok'
  | 'failed'
  | 'limited'
  | 'invalid'
  | 'csrf'
  | 'error'
  | 'not_in_records'
  | 'not_student'
  | 'refused';

export interface LoginFinisherDeps {
  pages: LoginPages;
  loginRequests: LoginRequestStore;
  /** The registrar's records: the identity provider says who, the records what they may order. */
  records: StudentRecords;
  /** Binds the account (web chat, Teams) or prepares LINE's account link; once per request. */
  completeLogin: (request: LoginRequest, entry: DirectoryEntry) => Promise<LoginOutcome>;
  tagger: StudentIdTagger;
  logger: Logger;
  metrics?: Metrics;
}

/**
 * The end of every login, whatever checked who the student is (our form, SAML, OIDC): the
 * student must be in the records; only then is the login request used up and the chat account
 * bound (or LINE's account link prepared). A refused login binds nothing.
 */
export class LoginFinisher {
  constructor(private readonly deps: LoginFinisherDeps) {}

  /** Ends the login of `requestId` as `identity`; `language` is the page's, if it asked one. */
  async finish(
    requestId: string,
    identity: UniversityIdentity,
    language?: Language,
  ): Promise<Page> {
    const request = await this.deps.loginRequests.peek(requestId);
    const shown = language ?? request?.language ?? 'ja';
    if (!request) return this.refuse(shown, 'invalid', 'invalidLink', requestId);
    const student = this.deps.tagger.tag(identity.studentId);
    const entry = await this.deps.records.find(identity.studentId);
    if (!entry) {
      this.record('not_in_records', { student });
      return { status: 403, html: this.deps.pages.message(shown, 'notInRecords') };
    }
    const taken = await this.deps.loginRequests.take(requestId);
    if (!taken) return this.refuse(shown, 'invalid', 'invalidLink', requestId);
    let outcome: LoginOutcome;
    try {
      outcome = await this.deps.completeLogin(taken, entry);
    } catch (err) {
      // The request is used up: the page sends the student back to the chat for a new link.
      this.deps.metrics?.logins.inc({ outcome: 'error' });
      this.deps.logger.error({ err: loggableError(err), student }, 'completing a login failed');
      return { status: 503, html: this.deps.pages.message(shown, 'unavailable') };
    }
    this.record('ok', { student, channel: taken.account.channel, next: outcome.kind });
    if (outcome.kind === 'redirect') {
      return { status: 303, html: '', headers: { Location: outcome.url } };
    }
    return { status: 200, html: this.deps.pages.done(shown, entry.name[shown]) };
  }

  /**
   * A page that ends a login without binding anything, counted as `outcome`; `requestId` keeps
   * the language switch on the same link.
   */
  refuse(
    language: Language,
    outcome: LoginOutcomeName,
    message: LoginMessage,
    requestId?: string,
  ): Page {
    this.record(outcome);
    const html = this.deps.pages.message(language, message, requestId);
    return { status: MESSAGE_STATUS[message], html };
  }

  /** One metric and one log line per outcome; `student` is a tag, never the ID itself. */
  record(outcome: LoginOutcomeName, fields: Record<string, string> = {}): void {
    this.deps.metrics?.logins.inc({ outcome });
    const level = outcome === 'limited' ? 'warn' : 'info';
    this.deps.logger[level]({ event: 'login', outcome, ...fields }, `university login: ${outcome}`);
  }
}

const MESSAGE_STATUS: Record<LoginMessage, number> = {
  invalidLink: 410,
  forbidden: 403,
  badRequest: 400,
  unavailable: 503,
  notInRecords: 403,
  notStudent: 403,
  ssoFailed: 401,
};
