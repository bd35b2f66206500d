// Research jobs in the conversation: the composer's research mode (depth and sources), starting a
// job, following its events into a card (resuming with Last-Event-ID after a lock or a lost
// connection, so nothing is missed or shown twice), Stop, and the stored report's tools. The job
// changes only through applyResearchEvent (research.js); the card is painted from it.
import { json, readEvents } from '../api.js';
import { storedAnswer } from '../state.js';
import {
  DEPTHS, applyResearchEvent, chosenSources, ended, listedJob, newJob, refusalText, retryDelay, sourceGroups,
} from '../research.js';
import { button, el } from './dom.js';
import { answerArticle, registerPanels, userArticle } from './messages.js';
import * as card from './researchcard.js';

const RETRY_MS = [1000, 2000, 5000, 10000, 15000];
const FRESH_MS = 1500; // a stream opened this recently is not reopened by a second "we are back"
const TITLE_CHARS = 80;
const PENDING = 'ra.research';

/** {@code ctx}: app, api, page, network, conversations, storage (main.js's). */
export function createResearch(ctx) {
  const { app, api, page, network, storage } = ctx;
  const ui = page.ui;
  const followers = new Map(); // job id -> {job, card, controller, openedAt, failures, timer}
  const choice = { depth: storage.getItem('ra.research.depth') || 'standard', off: new Set(stored('ra.research.off', [])) };
  let groups = null; // the source choices, once the server named its sources
  let on = false;

  card.configure({ request: (path, options) => api.request(path, options), toast: page.toast,
    announce: page.announce });
  registerPanels('research', () => import('./researchcard.js'));

  // ---- the composer's research mode

  function toggle() {
    setMode(!on);
    if (on) ui.input.focus({ preventScroll: true });
  }

  function setMode(value) {
    on = value;
    ui.research.setAttribute('aria-pressed', String(on));
    ui.composer.classList.toggle('researching', on);
    ui.input.placeholder = on ? 'A research question…' : 'Ask a question…'; // short: one line beside four buttons on a phone
    ui.send.setAttribute('aria-label', on ? 'Start research' : 'Send');
    ui.researchBar.hidden = !on;
    if (on) paintBar();
  }

  async function paintBar() {
    const depth = el('div', 'segments rb-depth');
    depth.setAttribute('role', 'radiogroup');
    depth.setAttribute('aria-label', 'Depth');
    for (const d of DEPTHS) {
      const label = el('label', 'segment');
      const input = el('input', 'sr-only');
      Object.assign(input, { type: 'radio', name: 'research-depth', value: d.id, checked: d.id === choice.depth });
      input.addEventListener('change', () => {
        choice.depth = d.id;
        storage.setItem('ra.research.depth', d.id);
        hint.textContent = hintText();
      });
      label.append(input, d.label);
      depth.append(label);
    }
    const sources = el('div', 'rb-sources');
    sources.setAttribute('role', 'group');
    sources.setAttribute('aria-label', 'Search in');
    const hint = el('p', 'rb-hint', hintText());
    ui.researchBar.replaceChildren(depth, sources, hint);
    if (!groups) {
      try {
        groups = sourceGroups((await (await api.request('/api/research/sources')).json()).sources || []);
      } catch (e) {
        return; // offline: the server's default sources
      }
    }
    sources.replaceChildren(...groups.map((g) => {
      const b = button(g.label, 'chip rb-source', () => {
        if (choice.off.has(g.key)) choice.off.delete(g.key);
        else choice.off.add(g.key);
        storage.setItem('ra.research.off', JSON.stringify([...choice.off]));
        b.setAttribute('aria-pressed', String(!choice.off.has(g.key)));
      });
      b.setAttribute('aria-pressed', String(!choice.off.has(g.key)));
      b.title = g.ids.map((id) => id).join(', ');
      return b;
    }));
  }

  function hintText() {
    const d = DEPTHS.find((x) => x.id === choice.depth) || DEPTHS[1];
    return 'Plans sub-questions, searches, reads the best sources and writes a cited report. '
      + d.label + ': ' + d.hint + '.';
  }

  function active() {
    return on;
  }

  // ---- starting a job

  /** Starts researching {@code text}; true: the composer may clear it (a refusal puts it back). */
  function start(text) {
    if (network.offline()) {
      page.toast('Research needs a connection; it will be possible when the network is back.');
      return false;
    }
    begin(text);
    return true;
  }

  async function begin(text) {
    let sessionId = app.current && app.current.id;
    const fresh = !sessionId;
    try {
      if (fresh) {
        sessionId = (await ctx.conversations.create()).id;
        ctx.conversations.adopt(sessionId);
      }
    } catch (e) {
      refused(text, e);
      return;
    }
    ui.messages.querySelector('.welcome')?.remove();
    const question = userArticle(text);
    const f = follower(newJob({ sessionId, question: text, depth: choice.depth }));
    ui.messages.append(question, f.card);
    page.scrollToEnd(true);
    const body = { question: text, depth: choice.depth };
    const sources = groups && chosenSources(groups, choice.off);
    if (sources) body.sources = sources;
    let status;
    try {
      status = await (await api.request('/api/sessions/' + encodeURIComponent(sessionId) + '/research', json(body)))
        .json();
    } catch (e) {
      question.remove();
      f.card.remove();
      refused(text, e);
      return;
    }
    f.job = { ...f.job, id: status.id, status: status.status };
    followers.set(status.id, f);
    remember(sessionId, status.id);
    setMode(false);
    page.announce('Research started.');
    if (fresh) title(sessionId, text);
    connect(f);
  }

  function refused(text, error) {
    if (!ui.input.value) ui.input.value = text;
    page.toast(refusalText(error));
  }

  /** A new conversation is named after its research question, as one is after its first message. */
  async function title(sessionId, text) {
    const t = text.replace(/\s+/g, ' ').trim();
    const name = t.length > TITLE_CHARS ? t.slice(0, TITLE_CHARS - 1).trimEnd() + '…' : t;
    try {
      await api.request('/api/sessions/' + encodeURIComponent(sessionId), json({ title: name }, 'PATCH'));
      ctx.conversations.retitle(sessionId, name);
    } catch (e) { /* it keeps "New conversation" */ }
  }

  // ---- following a job

  function follower(job) {
    const f = { job, card: null, controller: null, openedAt: 0, failures: 0, timer: 0, frame: 0 };
    f.card = card.progressCard(job, { onStop: () => stop(f) });
    return f;
  }

  /** (Re)opens the job's events after the last one seen; any stream open before is closed. */
  async function connect(f) {
    clearTimeout(f.timer);
    f.controller?.abort();
    const controller = new AbortController();
    f.controller = controller;
    f.openedAt = Date.now();
    try {
      const res = await api.request('/api/research/' + encodeURIComponent(f.job.id) + '/events', {
        headers: { Accept: 'text/event-stream', 'Last-Event-ID': String(f.job.lastEventId) },
        signal: controller.signal, cache: 'no-store' });
      if (f.job.link) update(f, { ...f.job, link: '' });
      await readEvents(res.body, (name, data, id) => {
        f.failures = 0;
        update(f, applyResearchEvent(f.job, name, data, id));
      });
      if (!ended(f.job)) throw new Error('the stream ended before the job');
    } catch (e) {
      if (controller.signal.aborted || f.controller !== controller) return; // closed on purpose
      if (e.status === 404) {
        update(f, { ...f.job, status: 'failed', failure: 'This research is no longer on the server.' });
        return;
      }
      retryLater(f, e);
    }
  }

  /** Opens the job's stream unless one opened just now still stands (two "we are back" signals, one stream). */
  function follow(f) {
    if (f.controller && !f.controller.signal.aborted && Date.now() - f.openedAt < FRESH_MS) return;
    connect(f);
  }

  /**
   * After a broken stream: again soon, backing off (or after the server's Retry-After); while the
   * page is hidden, when it is back (resume). The card says the connection is lost meanwhile.
   */
  function retryLater(f, error) {
    if (!f.job.link) update(f, { ...f.job, link: 'lost' });
    if (document.visibilityState !== 'visible') return;
    const wait = retryDelay(error, f.failures, RETRY_MS);
    f.failures++;
    f.timer = setTimeout(() => connect(f), wait);
  }

  function update(f, job) {
    const was = f.job;
    f.job = job;
    if (job === was) return;
    if (ended(job) && !ended(was)) {
      finish(f);
      return;
    }
    if (f.frame) return;
    f.frame = requestAnimationFrame(() => {
      f.frame = 0;
      card.paintCard(f.card, f.job);
      page.scrollToEnd(false);
    });
  }

  /** The job ended: its card becomes the stored report, as a reload would show it. */
  async function finish(f) {
    if (f.frame) cancelAnimationFrame(f.frame);
    f.frame = 0;
    f.controller?.abort();
    followers.delete(f.job.id);
    forget(f.job.sessionId);
    card.paintCard(f.card, f.job);
    const job = f.job;
    if (job.status === 'failed') {
      page.announce('The research failed: ' + job.failure);
      return;
    }
    page.announce(job.status === 'cancelled' ? 'Research stopped; the report keeps what was written.'
      : 'The research report is ready.');
    const turnId = job.report && job.report.turnId;
    if (!turnId) return;
    try {
      const session = await (await api.request('/api/sessions/' + encodeURIComponent(job.sessionId))).json();
      const message = session.messages.find((m) => m.id === turnId);
      if (!message || !f.card.isConnected) return;
      const stored = answerArticle(storedAnswer(message));
      stored.dataset.message = message.id;
      card.decorateReport(stored, job);
      f.card.replaceWith(stored);
    } catch (e) { /* offline: the card keeps the report as streamed; a reload shows the stored one */ }
  }

  async function stop(f) {
    if (!f.job.id || ended(f.job)) return;
    update(f, { ...f.job, stopping: true });
    try {
      await api.request('/api/research/' + encodeURIComponent(f.job.id) + '/cancel', { method: 'POST' });
      page.announce('Stopping the research; what is written stays.');
    } catch (e) {
      update(f, { ...f.job, stopping: false });
      page.toast('Could not stop the research: ' + e.message);
    }
  }

  /** Back from a lock, another tab or a lost network: every job followed picks up where it was. */
  function resume() {
    if (document.visibilityState !== 'visible') return;
    for (const f of followers.values()) {
      if (ended(f.job) || !f.job.id || !f.card.isConnected) continue;
      f.failures = 0;
      follow(f);
    }
  }

  // ---- a conversation shown (opened, reloaded, or shown again on return)

  /** Puts the conversation's research where it belongs: running cards, failed ones, stored reports' tools. */
  async function show(session) {
    for (const [id, f] of followers) {
      if (f.job.sessionId !== session.id) {
        f.controller?.abort(); // followed again from where it was when its conversation is back
        clearTimeout(f.timer);
      } else {
        place(f, session); // at once, from what is known
      }
    }
    let jobs;
    try {
      jobs = (await (await api.request('/api/sessions/' + encodeURIComponent(session.id) + '/research')).json()).jobs;
    } catch (e) {
      return; // offline: stored reports show as answers; cards follow when the network is back
    }
    if (!app.current || app.current.id !== session.id) return;
    for (const summary of jobs) {
      const article = summary.turnId && ui.messages.querySelector(`[data-message="${CSS.escape(summary.turnId)}"]`);
      if (article) card.decorateReport(article, summary);
      const f = followers.get(summary.id);
      if (summary.status === 'queued' || summary.status === 'running') {
        const known = f || follower(listedJob(summary, session.id));
        followers.set(summary.id, known);
        place(known, session);
        follow(known);
      } else if (f && article) {
        f.card.remove(); // it ended while away: the conversation holds its report now
        followers.delete(summary.id);
      } else if (f) {
        follow(f); // it ended meanwhile: its last events turn the card into the report
      } else if (summary.status === 'failed' && !summary.turnId) {
        placeFailed(summary, session);
      }
    }
    if (!jobs.some((j) => j.status === 'queued' || j.status === 'running')) forget(session.id);
  }

  /** A followed job's card, at the end of the conversation (where its report will be stored). */
  function place(f, session) {
    if (f.card.isConnected && f.card.parentNode === ui.messages) return;
    if (!app.current || app.current.id !== session.id) return;
    card.paintCard(f.card, f.job);
    ui.messages.insertBefore(f.card, ui.messages.querySelector('.msg.pending'));
  }

  function placeFailed(summary, session) {
    if (ui.messages.querySelector(`[data-job-failed="${CSS.escape(summary.id)}"]`)) return;
    const failed = card.failedCard(listedJob(summary, session.id));
    failed.dataset.jobFailed = summary.id;
    const question = summary.questionTurnId
      && ui.messages.querySelector(`[data-message="${CSS.escape(summary.questionTurnId)}"]`);
    if (question) question.after(failed);
  }

  function remember(sessionId, jobId) {
    storage.setItem(PENDING, JSON.stringify({ ...pending(), [sessionId]: jobId }));
  }

  function forget(sessionId) {
    const all = pending();
    if (!(sessionId in all)) return;
    delete all[sessionId];
    storage.setItem(PENDING, JSON.stringify(all));
  }

  function pending() {
    return stored(PENDING, {});
  }

  function stored(key, fallback) {
    try {
      const value = JSON.parse(storage.getItem(key) || 'null');
      return value && typeof value === 'object' ? value : fallback;
    } catch (e) {
      return fallback;
    }
  }

  document.addEventListener('visibilitychange', resume);
  window.addEventListener('pageshow', resume);
  window.addEventListener('online', resume);

  return { toggle, active, start, show, resume };
}
