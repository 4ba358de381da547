import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import { serveAsset } from '../../src/http/assets';
import type { Texts } from '../../src/i18n/i18n';
import { ManualClock } from '../../src/platform/clock';
import { createLogger } from '../../src/platform/logger';
import { CertificateIssuer } from '../../src/printing/certificateIssuer';
import { LocalPrintRegistrar } from '../../src/printing/localPrintRegistrar';
import type { PrintJobStore } from '../../src/printing/printJobStore';
import type { PrintedNotices } from '../../src/printing/printNetworkPort';
import { registerStoreRoutes } from '../../src/printing/registerStoreRoutes';
import { loadTexts } from './texts';
import { APPLIED_AT, CATALOGUE } from './printFixtures';

type Notice = Awaited<ReturnType<PrintedNotices['printed']>>;

/** The order service's side, as the test scripts it: records calls, answers what it is told. */
export class ScriptedNotices implements PrintedNotices {
  readonly calls: string[] = [];
  /** The next answers, in order; `printed` when none is left. */
  readonly answers: (Notice | Error)[] = [];

  async printed(reservationNumber: string): Promise<Notice> {
    this.calls.push(reservationNumber);
    const answer = this.answers.shift() ?? 'printed';
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

export interface StoreTestServer {
  url: string;
  texts: Texts;
  clock: ManualClock;
  jobs: PrintJobStore;
  notices: ScriptedNotices;
  registrar: LocalPrintRegistrar;
  issuer: CertificateIssuer;
  logLines: string[];
  close(): Promise<void>;
}

/** The store-copier routes (and the page styles) on a free port, over the given job store. */
export async function startStoreTestServer(
  makeJobs: (clock: ManualClock) => PrintJobStore,
): Promise<StoreTestServer> {
  const texts = await loadTexts();
  const clock = new ManualClock(APPLIED_AT);
  const jobs = makeJobs(clock);
  const notices = new ScriptedNotices();
  const logLines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const registrar = new LocalPrintRegistrar({ jobs, clock });
  const server = restify.createServer({ handleUncaughtExceptions: false });
  server.get('/assets/:file', serveAsset);
  registerStoreRoutes(server, { jobs, printed: notices, texts, logger, clock, simulator: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const issuer = new CertificateIssuer({
    printNetwork: registrar,
    clock,
    catalogue: CATALOGUE,
    texts,
    publicUrl: url,
  });
  return {
    url,
    texts,
    clock,
    jobs,
    notices,
    registrar,
    issuer,
    logLines,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.server.closeAllConnections();
      }),
  };
}
