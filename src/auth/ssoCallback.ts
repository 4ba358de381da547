import type { Request, RequestHandler, Response } from 'restify';
import { loggableError } from '../http/loggableError';
import { sendPage, type Page } from '../http/page';
import type { Logger } from '../platform/logger';
import type { LoginFinisher } from './loginFinisher';
import { chooseLanguage } from './loginHandlers';

/**
 * A single sign-on callback route (SAML's ACS, OpenID Connect's redirect URI): `answer` makes the
 * page; anything it did not foresee (Redis down, the provider out of reach) is logged as `what`
 * and answered with the "sorry, try again later" page in the browser's language, never a stack.
 */
export function ssoCallback(
  finisher: LoginFinisher,
  logger: Logger,
  what: string,
  answer: (req: Request) => Promise<Page>,
): RequestHandler {
  return async (req: Request, res: Response): Promise<void> => {
    let page: Page;
    try {
      page = await answer(req);
    } catch (err) {
      logger.error({ err: loggableError(err) }, what);
      page = finisher.refuse(chooseLanguage(null, undefined, req), 'error', 'unavailable');
    }
    sendPage(res, page);
  };
}
