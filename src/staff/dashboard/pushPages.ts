import { html, joinHtml, type SafeHtml } from '../../http/html';
import type { Catalogue } from '../../orders/catalogue';
import type { ChatChannel } from '../../students/student';
import type { OrderFilter, PushJob, PushLineQuota, PushMessage, PushPreview } from '../staffDesk';
import { MAX_PUSH_MESSAGE, type InputProblem } from '../staffInput';
import type { AdminWords } from './adminWords';
import { filterFields, invalidAttributes, problemOf, type FilterInput } from './filterFields';

/** The channels a report lists, in this order. */
const CHANNELS: readonly ChatChannel[] = ['line', 'webchat', 'msteams'];

/** The composer as filled in (kept as typed), and what was wrong with it. */
export interface ComposerView {
  csrfToken: string;
  input: FilterInput;
  message: Partial<PushMessage>;
  problems: InputProblem[];
}

/** A checked filter and message and what they would do: the page before "Send". */
export interface PreviewView extends ComposerView {
  filter: OrderFilter;
  preview: PushPreview;
}

/** The bodies of the push composer, its preview, a push's report and the list of pushes. */
export class PushPages {
  constructor(private readonly catalogue: Pick<Catalogue, 'certificates' | 'networks'>) {}

  composer(words: AdminWords, view: ComposerView): SafeHtml {
    const { t } = words;
    const summary =
      view.problems.length > 0
        ? html`<p class="error" role="alert">${t('problem.summary')}</p>`
        : '';
    return html`<p>${t('push.intro')}</p>
${summary}${this.form(words, view)}`;
  }

  preview(words: AdminWords, view: PreviewView): SafeHtml {
    const { t } = words;
    const { audience, texts } = view.preview;
    const recipients = audience.students - audience.unreachable;
    const channels = CHANNELS.map(
      (channel) =>
        html`<tr><th scope="row">${words.channel(channel)}</th><td data-channel="${channel}">${audience.byChannel[channel] ?? 0}</td></tr>`,
    );
    const quota = view.preview.lineQuota;
    let send: SafeHtml;
    if (recipients === 0) {
      send = html`<p class="error" id="nobody" role="alert">${t('push.nobody')}</p>`;
    } else if (quota?.exceeded) {
      const fit = quota.recipientsThatFit;
      const reason = {
        needed: quota.messagesNeeded,
        remaining: quota.remaining ?? 0,
        fit,
        recipients: quota.recipients,
      };
      send = html`<p class="error" id="quota-exceeded" role="alert">${t('push.quota.exceeded', reason)}</p>
<p class="hint">${t('push.quota.confirmHint', { rest: quota.recipients - fit })}</p>
${this.sendForm(view, 'send-fitting', t('push.quota.confirm', { fit }), fit)}`;
    } else {
      send = this.sendForm(view, 'send', t('push.sendTo', { n: recipients }));
    }
    return html`<section class="audience" aria-labelledby="audience-title">
<h2 id="audience-title">${t('push.audience')}</h2>
<p>${words.filter(view.filter)}</p>
<table id="audience">
<tbody>
<tr><th scope="row">${t('push.students')}</th><td id="audience-students">${audience.students}</td></tr>
${joinHtml(channels, '\n')}
<tr><th scope="row">${t('push.blocked')}</th><td id="audience-blocked">${audience.blocked}</td></tr>
<tr><th scope="row">${t('push.unreachable')}</th><td id="audience-unreachable">${audience.unreachable}</td></tr>
</tbody>
</table>
</section>
${quota ? this.quota(words, quota) : ''}
<h2>${t('push.textJa')}</h2>
<pre class="push-text" id="text-ja" lang="ja">${texts.ja}</pre>
<h2>${t('push.textEn')}</h2>
<pre class="push-text" id="text-en" lang="en">${texts.en}</pre>
${send}
<h2>${t('push.edit')}</h2>
${this.form(words, view)}`;
  }

  report(words: AdminWords, push: PushJob): SafeHtml {
    const { t } = words;
    const facts: [string, string, string][] = [
      ['push-status', t('report.status'), t(`report.${push.status}`)],
      ['push-sent-by', t('report.sentBy'), push.sentBy],
      ['push-created', t('report.createdAt'), words.time(push.createdAt)],
    ];
    if (push.finishedAt) {
      facts.push(['push-finished', t('report.finishedAt'), words.time(push.finishedAt)]);
    }
    facts.push(
      ['push-recipients', t('report.recipients'), String(push.recipients)],
      ['push-filter', t('report.filter'), words.filter(push.filter)],
    );
    if (push.batches !== undefined) {
      const progress = { done: push.batchesDone ?? 0, total: push.batches };
      facts.push(['push-progress', t('report.progress'), t('report.batches', progress)]);
    }
    if (push.deliveredBy) {
      facts.push(['push-delivered-by', t('report.deliveredBy'), push.deliveredBy]);
    }
    const resumes = (push.resumed ?? []).map(
      (resume) =>
        html`<li>${t('report.resume', { by: resume.by, at: words.time(resume.at), batch: resume.fromBatch + 1 })}</li>`,
    );
    const list = facts.map(
      ([id, term, value]) => html`<dt>${term}</dt><dd id="${id}">${value}</dd>`,
    );
    if (resumes.length > 0) {
      list.push(
        html`<dt>${t('report.resumed')}</dt><dd id="push-resumed"><ul>${joinHtml(resumes, '')}</ul></dd>`,
      );
    }
    const kinds = ['sent', 'failed', 'blocked'] as const;
    const totals = { sent: 0, failed: 0, blocked: 0 };
    const rows = CHANNELS.map((channel) => {
      const counts = push.report[channel] ?? { sent: 0, failed: 0, blocked: 0 };
      for (const kind of kinds) totals[kind] += counts[kind];
      const cells = kinds.map((kind) => html`<td data-kind="${kind}">${counts[kind]}</td>`);
      return html`<tr data-channel="${channel}"><th scope="row">${words.channel(channel)}</th>${cells}</tr>`;
    });
    const totalCells = kinds.map((kind) => html`<td data-kind="${kind}">${totals[kind]}</td>`);
    if (push.notSent) {
      list.push(
        html`<dt>${t('report.notSent')}</dt><dd id="push-not-sent">${t('report.notSentLine', { n: push.notSent.line })}</dd>`,
      );
    }
    const refreshing =
      push.status === 'running' ? html`<p class="note">${t('report.refreshing')}</p>` : '';
    return html`${refreshing}<dl class="facts">
${joinHtml(list, '\n')}
</dl>
<h2>${t('report.delivery')}</h2>
<div class="table-wrap"><table id="delivery">
<thead><tr><th scope="col">${t('report.channel')}</th>${kinds.map((kind) => html`<th scope="col">${t(`report.${kind}`)}</th>`)}</tr></thead>
<tbody>
${joinHtml(rows, '\n')}
<tr data-channel="total"><th scope="row">${t('report.total')}</th>${totalCells}</tr>
</tbody>
</table></div>
<h2>${t('report.message')}</h2>
<pre class="push-text" lang="ja">${push.message.ja}</pre>
<pre class="push-text" lang="en">${push.message.en}</pre>`;
  }

  list(words: AdminWords, pushes: PushJob[]): SafeHtml {
    const { t } = words;
    const link = html`<p><a href="/admin/push">${t('pushes.new')}</a></p>`;
    if (pushes.length === 0) return html`<p id="no-pushes">${t('pushes.none')}</p>\n${link}`;
    const head = [
      t('report.createdAt'),
      t('report.sentBy'),
      t('report.filter'),
      t('report.recipients'),
      t('report.status'),
    ].map((label) => html`<th scope="col">${label}</th>`);
    const rows = pushes.map((push) => {
      const cells = [
        html`<a href="/admin/pushes/${encodeURIComponent(push.pushId)}">${words.time(push.createdAt)}</a>`,
        push.sentBy,
        words.filter(push.filter),
        push.recipients,
        t(`report.${push.status}`),
      ];
      return html`<tr data-push="${push.pushId}">${cells.map((cell) => html`<td>${cell}</td>`)}</tr>`;
    });
    return html`${link}<div class="table-wrap"><table id="pushes">
<thead><tr>${head}</tr></thead>
<tbody>
${joinHtml(rows, '\n')}
</tbody>
</table></div>`;
  }

  /** The composer form: filter, both messages, "Preview". */
  private form(words: AdminWords, view: ComposerView): SafeHtml {
    const { t } = words;
    const textarea = (language: 'ja' | 'en', label: string): SafeHtml =>
      html`<div class="field"><label for="m-${language}">${label}</label>
<textarea id="m-${language}" name="${language}" lang="${language}" rows="5" maxlength="${MAX_PUSH_MESSAGE}"${invalidAttributes(view.problems, language)}>${view.message[language] ?? ''}</textarea>
${problemOf(words, view.problems, language)}<p class="hint">${t('push.maxLength', { max: MAX_PUSH_MESSAGE })}</p></div>`;
    return html`<form method="post" action="/admin/push/preview" class="push-form">
<input type="hidden" name="csrf" value="${view.csrfToken}">
${filterFields(words, this.catalogue, view.input, view.problems)}
${textarea('ja', t('push.messageJa'))}
${textarea('en', t('push.messageEn'))}
<div class="actions"><button type="submit" id="preview">${t('push.preview')}</button></div>
</form>`;
  }

  /** LINE's monthly quota beside the LINE messages the push needs. */
  private quota(words: AdminWords, quota: PushLineQuota): SafeHtml {
    const { t } = words;
    const remaining =
      quota.type === 'limited'
        ? t('push.quota.remainingValue', {
            remaining: quota.remaining,
            limit: quota.limit,
            used: quota.used,
          })
        : t(`push.quota.${quota.type === 'none' ? 'unlimited' : 'unknown'}`);
    const needed = t('push.quota.neededValue', {
      messages: quota.messagesNeeded,
      recipients: quota.recipients,
    });
    return html`<section class="quota" aria-labelledby="quota-title">
<h2 id="quota-title">${t('push.quota.title')}</h2>
<table id="line-quota">
<tbody>
<tr><th scope="row">${t('push.quota.remaining')}</th><td id="quota-remaining" data-type="${quota.type}">${remaining}</td></tr>
<tr><th scope="row">${t('push.quota.needed')}</th><td id="quota-needed" data-messages="${quota.messagesNeeded}">${needed}</td></tr>
</tbody>
</table>
</section>`;
  }

  /** "Send": exactly what was previewed, and, over LINE's quota, the confirmed count. */
  private sendForm(view: PreviewView, id: string, label: string, confirm?: number): SafeHtml {
    const confirmField =
      confirm === undefined
        ? ''
        : html`<input type="hidden" name="confirmLineRecipients" value="${confirm}">
`;
    return html`<form method="post" action="/admin/push/send" class="send-form">
<input type="hidden" name="csrf" value="${view.csrfToken}">
${this.hiddenFilter(view.filter)}
<input type="hidden" name="ja" value="${view.message.ja ?? ''}">
<input type="hidden" name="en" value="${view.message.en ?? ''}">
${confirmField}<button type="submit" id="${id}">${label}</button>
</form>`;
  }

  /** The checked filter as hidden fields, so "Send" sends exactly what was previewed. */
  private hiddenFilter(filter: OrderFilter): SafeHtml {
    const fields = Object.entries(filter)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => html`<input type="hidden" name="${name}" value="${String(value)}">`);
    return joinHtml(fields, '\n');
  }
}
