import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { usesDemoPayments } from '../payments/createPaymentGateways';
import { PROJECT_ROOT } from '../platform/projectRoot';
import { DEMO_DIRECTORY_FILE, DEMO_STAFF_ACCOUNTS_FILE, type Config } from './config';

/** What start-up says about the embedded defaults that are live. */
export interface DeploymentReport {
  /** Outside production: one warning line for each demo part that is live. */
  warnings: string[];
  /** In production: why the start is refused, one sentence each (none = may start). */
  refusals: string[];
}

/** One embedded default standing in for a real part, and what to say about it. */
interface Finding {
  /** Said at start-up outside production (undefined: nothing worth a warning there). */
  warning?: string;
  /** Refuses the start in production (undefined: production handles it otherwise). */
  refusal?: string;
}

/**
 * The demo parts that `config` leaves live, given the payment methods the catalogue offers.
 * Outside production each is a warning; in production each (and an `http:` PUBLIC_URL and an
 * open /metrics) refuses the start. The demo pages (store-copier simulator, demo checkout, demo
 * cashier) are never served in production, so they are warnings only.
 */
export function checkDeployment(
  config: Config,
  offeredMethods: readonly string[],
): DeploymentReport {
  const sso = Boolean(config.saml || config.oidc);
  const findings: Finding[] = [
    !config.redis && {
      warning: 'REDIS_URL is not set: state is kept in memory and is lost when the service stops',
      refusal:
        'REDIS_URL is not set: production keeps state, orders and deadlines in Redis, not in memory.',
    },
    !config.mail.smtpUrl && {
      warning: `SMTP_URL is not set: mails are written as .eml files to the outbox folder ${config.mail.outboxDir}`,
      refusal: 'SMTP_URL is not set: production sends mail over SMTP, not to the outbox folder.',
    },
    // With single sign-on the directory file is not read for logins, only (without
    // STUDENT_RECORDS_FILE) as the records: that is said below.
    !sso &&
      isBundled(config.identityDirectoryFile, DEMO_DIRECTORY_FILE) && {
        warning:
          'IDENTITY_DIRECTORY_FILE is not set: students log in against the bundled demo directory (a0123456 / demo1234)',
        refusal:
          'IDENTITY_DIRECTORY_FILE is not set or is the bundled demo directory: production needs the university’s own student directory.',
      },
    sso &&
      !config.studentRecordsFile && {
        warning:
          'STUDENT_RECORDS_FILE is not set: the records of students who log in by single sign-on come from the bundled demo directory',
        refusal:
          'STUDENT_RECORDS_FILE is not set: with single sign-on, production needs the registrar’s student records.',
      },
    isBundled(config.staff.accountsFile, DEMO_STAFF_ACCOUNTS_FILE) && {
      warning:
        'STAFF_ACCOUNTS_FILE is not set: the demo staff account staff01 can sign in to /admin; give the university its own file before going live',
      refusal:
        'STAFF_ACCOUNTS_FILE is not set or is the bundled demo file: production needs the university’s own staff accounts.',
    },
    ...paymentFindings(config, offeredMethods),
    !config.publicUrl.startsWith('https:') && {
      refusal: `PUBLIC_URL must start with https:// in production (links in mails and chats, secure cookies), not "${config.publicUrl}".`,
    },
    !config.metricsToken && {
      refusal: 'METRICS_TOKEN is not set: production protects /metrics with a bearer token.',
    },
    config.clockStart && {
      warning: `CLOCK_START is set: the service's clock started at ${config.clockStart.toISO()} and runs on from there; dates, deadlines, reminders and expiry follow it, not the real time`,
      refusal: 'CLOCK_START is set: production runs on the real clock, not on a demo start time.',
    },
    {
      warning:
        'The store-copier simulator /store is served: anyone who has a reservation number can print its document there (it answers 404 in production)',
    },
  ].filter((finding): finding is Finding => Boolean(finding));
  return {
    warnings: findings.flatMap((finding) => (finding.warning ? [finding.warning] : [])),
    refusals: findings.flatMap((finding) => (finding.refusal ? [finding.refusal] : [])),
  };
}

/**
 * A method the catalogue offers without its real gateway. With no real gateway at all the demo
 * pages take the money (a demo part); once one is configured the method is simply not offered.
 */
function paymentFindings(config: Config, offered: readonly string[]): Finding[] {
  const demo = usesDemoPayments(config);
  const findings: Finding[] = [];
  if (offered.includes('paypal') && !config.paypal) {
    findings.push({
      warning: demo
        ? 'PAYPAL_CLIENT_ID is not set: card payments go to the demo checkout /pay/demo, which marks orders paid without money'
        : 'The catalogue offers PayPal but PAYPAL_CLIENT_ID is not set: PayPal is not offered to students',
      refusal:
        'The catalogue offers PayPal but PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID are not set.',
    });
  }
  if (offered.includes('smartpit') && !config.smartPit.callbackSecret) {
    findings.push({
      warning: demo
        ? 'SMARTPIT_CALLBACK_SECRET is not set: cash payments go to the demo cashier /pay/smartpit, which marks orders paid without money'
        : 'The catalogue offers Smart Pit but SMARTPIT_CALLBACK_SECRET is not set: Smart Pit is not offered to students',
      refusal: 'The catalogue offers Smart Pit but SMARTPIT_CALLBACK_SECRET is not set.',
    });
  }
  return findings;
}

/** Whether `file` is the bundled file (by its path in the project, symbolic links followed). */
function isBundled(file: string, bundled: string): boolean {
  const real = (path: string) => {
    const absolute = resolve(PROJECT_ROOT, path);
    return existsSync(absolute) ? realpathSync(absolute) : absolute;
  };
  return real(file) === real(bundled);
}
