import { escapeHtml } from '../../src/http/html';
import type { Language } from '../../src/i18n/language';
import { loadCatalogue } from '../../src/orders/loadCatalogue';
import { AdminWords } from '../../src/staff/dashboard/adminWords';
import { PushPages } from '../../src/staff/dashboard/pushPages';
import type { PushJob } from '../../src/staff/staffDesk';
import { loadTexts } from '../support/texts';

const catalogue = loadCatalogue('data/catalogue.json');

const PUSH: PushJob = {
  pushId: '0123456789abcdef',
  sentBy: 'staff01',
  createdAt: '2026-12-01T10:00:00.000+09:00',
  filter: { status: 'awaiting_payment' },
  message: { ja: '締切です。', en: 'Deadline.' },
  status: 'done',
  recipients: 5000,
  report: {
    line: { sent: 5000, failed: 0, blocked: 0 },
    webchat: { sent: 0, failed: 0, blocked: 0 },
    msteams: { sent: 0, failed: 0, blocked: 0 },
  },
  finishedAt: '2026-12-01T10:02:10+09:00',
  batches: 10,
  batchesDone: 10,
  deliveredBy: 'app-2:4711',
  // Stored in UTC by another instance: shown in Japan time all the same.
  resumed: [{ by: 'app-2:4711', at: '2026-12-01T01:01:30Z', fromBatch: 5 }],
};

async function report(language: Language, push: PushJob): Promise<string> {
  const words = new AdminWords(await loadTexts(), catalogue, language);
  return new PushPages(catalogue).report(words, push).toString();
}

describe.each<Language>(['ja', 'en'])('the push report (%s)', (language) => {
  it('says which instance took the push over, when (JST) and from which batch', async () => {
    const t = (await loadTexts()).t(language, 'admin');
    const page = await report(language, PUSH);
    expect(page).toContain(
      `<dd id="push-progress">${escapeHtml(t('report.batches', { done: 10, total: 10 }))}</dd>`,
    );
    expect(page).toContain(`<dd id="push-delivered-by">app-2:4711</dd>`);
    const resume = t('report.resume', { by: 'app-2:4711', at: '2026-12-01 10:01:30', batch: 6 });
    expect(page).toContain(
      `<dt>${escapeHtml(t('report.resumed'))}</dt><dd id="push-resumed"><ul><li>${escapeHtml(resume)}</li></ul></dd>`,
    );
  });

  it('says nothing of a takeover when the first instance delivered it all', async () => {
    const page = await report(language, { ...PUSH, resumed: undefined });
    expect(page).not.toContain('push-resumed');
    expect(page).toContain('<dd id="push-delivered-by">app-2:4711</dd>');
  });

  it('shows a report stored before pushes had batches as before', async () => {
    const { batches: _b, batchesDone: _d, deliveredBy: _by, resumed: _r, ...old } = PUSH;
    const page = await report(language, old);
    expect(page).not.toMatch(/push-progress|push-delivered-by|push-resumed/);
    expect(page).toContain('<dd id="push-recipients">5000</dd>');
  });
});
