// Asking: send, retry, stream (the answer changes only through applyEvent, the article is
// repainted from it), stop, watch an answer the server finishes alone, and flush the outbox.
import { ApiError, readEvents } from './api.js';
import { announcement, applyEvent, failureOf, newAnswer, retryBody } from './state.js';
import * as views from './views/messages.js';

const POLL_MS = 2000;

/** {@code ctx}: app (state), api, page, outbox, network, conversations (filled in by main.js). */
export function createAnswers(ctx) {
  const { app, api, page, outbox, network } = ctx;
  const messages = page.ui.messages;

  async function submit(text) {
    if (network.offline()) {
      queue(text, app.current ? app.current.id : null);
      return;
    }
    let sessionId = app.current && app.current.id;
    if (!sessionId) {
      try {
        sessionId = (await ctx.conversations.create()).id;
        ctx.conversations.adopt(sessionId);
      } catch (e) {
        if (e.code === 'offline') queue(text, null);
        else page.toast(e.message);
        return;
      }
    }
    await ask(text, sessionId);
  }

  function queue(text, sessionId) {
    const item = outbox.add(text, sessionId);
    messages.querySelector('.welcome')?.remove();
    messages.append(views.pendingArticle(item));
    page.scrollToEnd(true);
    page.announce('You are offline. Your message will be sent when the connection returns.');
  }

  async function ask(text, sessionId) {
    messages.querySelector('.welcome')?.remove();
    messages.append(views.userArticle(text));
    const answer = newAnswer(text, sessionId);
    const article = views.answerArticle(answer);
    messages.append(article);
    page.scrollToEnd(true);
    await stream(answer, { content: text }, article);
  }

  /** Asks again in place of the failed answer: the page keeps one question and one answer. */
  function retry(article) {
    const failed = views.answerOf(article);
    if (app.streaming || !failed || !failed.error) return;
    const answer = { ...newAnswer(failed.question, failed.sessionId), userMessageId: failed.userMessageId };
    views.paintAnswer(article, answer);
    stream(answer, retryBody(failed), article);
  }

  /** Streams into {@code article} (none: in the background); the server finishes even if the page goes. */
  async function stream(answer, body, article) {
    const run = { sessionId: answer.sessionId, controller: new AbortController(), stopped: false, answer,
      sentAt: Date.now() };
    app.streaming = run;
    busy();
    page.announce('Answering…');
    let frame = 0;
    const update = (next) => {
      run.answer = next;
      if (!article || frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        views.paintAnswer(article, run.answer);
        page.scrollToEnd(false);
      });
    };
    let failure = null;
    try {
      const res = await api.answer(run.sessionId, { ...body, client: clientProfile(), onDisconnect: 'finish' },
        run.controller.signal);
      await readEvents(res.body, (name, data) => {
        if (name === 'title') ctx.conversations.retitle(run.sessionId, data.title);
        else update(applyEvent(run.answer, name, data));
      });
      if (!run.answer.finished) throw new ApiError(0, 'interrupted', 'The connection dropped.');
    } catch (e) {
      failure = failureOf(e, { stopped: run.stopped, acknowledged: run.answer.acknowledged,
        queueable: 'content' in body });
      if (e.code === 'interrupted' && !run.stopped) network.failed(); // a failed fetch has told it already
      run.answer = applyEvent(run.answer, 'failure', failure);
      // watching before the stream counts as over keeps Stop up (and the focus where it is)
      if (failure.kind === 'busy' || failure.kind === 'dropped') watch(run.sessionId);
    } finally {
      if (frame) cancelAnimationFrame(frame);
      run.answer = applyEvent(run.answer, 'end');
      if (app.streaming === run) app.streaming = null;
      busy();
      if (article) {
        views.paintAnswer(article, run.answer);
        page.scrollToEnd(false);
      }
    }
    settle(run, failure, article);
  }

  function settle(run, failure, article) {
    const kind = failure && failure.kind;
    if (kind === 'requeue') {
      if (article) article.previousElementSibling?.remove();
      article?.remove();
      const item = outbox.add(run.answer.question, run.sessionId, { sentAt: run.sentAt });
      if (app.current && app.current.id === run.sessionId) messages.append(views.pendingArticle(item));
      page.announce('The connection is gone. Your message will be sent when it returns.');
      return;
    }
    const said = announcement(run.answer, failure);
    if (said) page.announce(said);
    ctx.conversations.refreshList();
    if (run.answer.finished) api.request('/api/sessions/' + run.sessionId).catch(() => {}); // the offline copy
    flushOutbox();
  }

  async function stop() {
    const run = app.streaming;
    const sessionId = run ? run.sessionId : app.watching && app.watching.sessionId;
    if (!sessionId) return;
    const cancel = api.request('/api/sessions/' + encodeURIComponent(sessionId) + '/cancel', { method: 'POST' })
      .catch(() => null);
    if (run) {
      run.stopped = true;
      run.controller.abort();
    }
    await cancel;
    stopWatching();
    if (app.current && app.current.id === sessionId && !app.streaming) {
      ctx.conversations.open(sessionId, { quiet: true });
    }
  }

  /** Polls a conversation whose answer the server is still writing, until it is there. */
  function watch(sessionId) {
    if (app.watching && app.watching.sessionId === sessionId) return;
    stopWatching();
    const watching = { sessionId, timer: 0 };
    app.watching = watching;
    busy();
    const tick = async () => {
      if (app.watching !== watching) return;
      if (!app.current || app.current.id !== sessionId) {
        stopWatching();
        return;
      }
      try {
        const res = await api.request('/api/sessions/' + encodeURIComponent(sessionId));
        const session = await res.json();
        if (app.watching !== watching) return;
        if (!res.headers.get('X-RA-Offline') && !session.answering) {
          stopWatching();
          if (!app.streaming) {
            ctx.conversations.show(session);
            page.announce('The answer is here.');
          }
          return;
        }
      } catch (e) { /* offline or busy: keep waiting */ }
      watching.timer = setTimeout(tick, POLL_MS);
    };
    watching.timer = setTimeout(tick, POLL_MS);
  }

  function stopWatching() {
    if (app.watching) clearTimeout(app.watching.timer);
    app.watching = null;
    busy();
  }

  function busy() {
    page.setBusy(Boolean(app.streaming || app.watching));
  }

  async function flushOutbox() {
    let ran;
    try {
      ran = await flushing();
    } catch (e) {
      return; // the connection went while checking a message: it is back in the box
    }
    if (ran) ctx.conversations.refreshList();
  }

  function flushing() {
    return outbox.flush({
      canSend: () => !network.offline() && !app.streaming,
      createSession: async () => (await ctx.conversations.create()).id,
      send: async (item, sessionId) => {
        if (item.sentAt && await storedAlready(item, sessionId)) return;
        views.removePending(messages, item.id);
        const visible = (item.sessionId === null && app.view === 'chat' && !app.current) ||
          (app.current && app.current.id === item.sessionId);
        if (visible) {
          if (!app.current) ctx.conversations.adopt(sessionId);
          await ask(item.text, sessionId);
        } else {
          await stream(newAnswer(item.text, sessionId), { content: item.text }, null);
        }
      },
    });
  }

  // Stored before its connection dropped? Then show it, not ask twice (see redelivery.js).
  async function storedAlready(item, sessionId) {
    let session;
    try {
      session = await api.request('/api/sessions/' + sessionId);
    } catch (e) {
      if (e.code === 'offline' || e.code === 'interrupted') {
        outbox.restore(item);
        throw e;
      }
      return false;
    }
    const { alreadyStored } = await import('./redelivery.js');
    if (!alreadyStored(item, session)) return false;
    views.removePending(messages, item.id);
    if (app.current && app.current.id === sessionId) ctx.conversations.open(sessionId, { quiet: true });
    return true;
  }

  function clientProfile() {
    return matchMedia('(max-width: 700px), (pointer: coarse)').matches ? 'mobile' : 'desktop';
  }

  function ready() {
    return !app.streaming && !app.watching;
  }

  return { submit, ask, retry, stop, watch, stopWatching, flushOutbox, ready };
}
