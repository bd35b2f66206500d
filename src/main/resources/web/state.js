// The page's state and the one place it changes. An answer is a plain object that only
// applyEvent() turns into the next one: the server's events (meta, plan, sources, token, safety,
// trace, done, error) and two of the page's own, 'failure' (the request failed; see failureOf)
// and 'end' (the stream is over). The conversation list and the page's own state change through
// the other functions here. Everything is pure and touches no DOM, so Node's test runner checks
// it as it is.
import { plain } from './md.js';

/** How much of an answer the screen reader announces. */
export const ANNOUNCE_CHARS = 600;

export const NOTICES = {
  retrieval_only: 'No language model is configured or reachable: this answer is built from your library alone.',
  no_model: 'No language model is configured, and nothing in your library matched.',
};

/** The page before anything is loaded: no conversation list yet, the new-conversation view. */
export function initialState() {
  return { sessions: [], current: null, view: 'chat', streaming: null, watching: null, started: false };
}

/**
 * An answer about to stream. {@code question} is the text asked, kept to ask again after a
 * failure; {@code userMessageId} is the id the server stored it under (from meta, or carried over
 * from a failed attempt), and {@code acknowledged} whether this request's meta came.
 */
export function newAnswer(question, sessionId) {
  return {
    sessionId, question, userMessageId: '', acknowledged: false, id: '', content: '', status: 'streaming',
    streaming: true, finished: false, model: '', plan: null, sources: [], safety: [], trace: null, notes: [],
    error: null,
  };
}

/** An answer as the server stored it (a message of GET /api/sessions/{id}). */
export function storedAnswer(message) {
  return {
    ...newAnswer('', ''), id: message.id, content: message.content, status: message.status, streaming: false,
    finished: true, model: message.model || '', sources: message.sources || [], trace: message.trace || null,
  };
}

/** The answer after event {@code name} with {@code data}; the answer given is left as it was. */
export function applyEvent(answer, name, data) {
  switch (name) {
    case 'meta': return { ...answer, acknowledged: true, userMessageId: data.userMessageId || answer.userMessageId,
      model: data.model || '' };
    case 'plan': return { ...answer, plan: data };
    case 'sources': return { ...answer, sources: data.sources || [] };
    case 'token': return { ...answer, content: answer.content + (data.text || '') };
    case 'safety': return { ...answer, safety: data.notes || [] };
    case 'trace': return { ...answer, trace: data };
    case 'done': return { ...answer, finished: true, id: data.messageId || '', status: 'complete',
      notes: NOTICES[data.notice] ? [...answer.notes, NOTICES[data.notice]] : answer.notes };
    case 'error': return { ...answer, finished: true, id: data.messageId || '',
      status: data.messageId ? 'partial' : 'failed', error: { message: String(data.message), retryable: true } };
    case 'failure': return failed(answer, data);
    case 'end': return { ...answer, streaming: false };
    default: return answer; // an event a newer server sends
  }
}

function failed(answer, failure) {
  switch (failure.kind) {
    case 'stopped': return { ...answer, status: 'partial' };
    case 'busy': return { ...answer,
      notes: [...answer.notes, 'The previous answer in this conversation is still being written.'],
      error: { message: 'Wait for it to finish, then try again.', retryable: true } };
    case 'dropped': return { ...answer,
      notes: [...answer.notes, 'The connection dropped. The server finishes the answer; it will appear here.'] };
    case 'requeue': return { ...answer, status: 'queued' };
    default: return { ...answer, status: 'failed', error: { message: failure.message, retryable: failure.retryable } };
  }
}

/**
 * What a failed answer request means, as the data of a 'failure' event:
 * - 'stopped': the person pressed Stop;
 * - 'busy': the conversation's previous answer is still being written (409);
 * - 'dropped': the connection went after the server stored the question (it finishes the answer);
 * - 'requeue': the connection went before that, so a new message waits in the outbox;
 * - 'failed': anything else, with the message to show and whether Retry may help.
 *
 * @param acknowledged whether the server stored the question (the meta event came)
 * @param queueable whether the request sent a new message (not a retry of a stored one)
 */
export function failureOf(error, { stopped, acknowledged, queueable }) {
  if (stopped) return { kind: 'stopped' };
  if (error.status === 409 && error.code === 'answer_in_progress') return { kind: 'busy' };
  const lost = error.code === 'offline' || error.code === 'interrupted';
  if (lost && acknowledged) return { kind: 'dropped' };
  if (lost && queueable) return { kind: 'requeue' };
  const wait = error.retryAfter ? ' Try again in ' + error.retryAfter + ' s.' : '';
  return { kind: 'failed', message: (error.message || 'Something went wrong.') + wait,
    retryable: error.code !== 'not_retryable' };
}

/**
 * The body that asks again for a failed answer: a question the server stored (it sent meta) is
 * answered again by its id, so the conversation keeps it once; one it never stored is sent anew.
 */
export function retryBody(answer) {
  return answer.userMessageId ? { retry: answer.userMessageId } : { content: answer.question };
}

/** What the screen reader hears when an answer's request is over ('' for nothing). */
export function announcement(answer, failure) {
  if (failure && failure.kind === 'stopped') return 'Stopped.';
  if (answer.error) return 'The answer failed: ' + answer.error.message;
  if (!answer.finished) return '';
  const text = plain(answer.content);
  return 'Answer: ' + (text.length > ANNOUNCE_CHARS ? text.slice(0, ANNOUNCE_CHARS) + '…' : text);
}

/**
 * What a stored conversation shows, in order: {kind:'user', text}, {kind:'answer', answer} and,
 * while the server is still answering, {kind:'writing'}. A partial answer that another answer
 * (or the one being written) follows was an attempt that Retry replaced: the newer one shows.
 */
export function conversationItems(session) {
  const messages = session.messages;
  const last = messages.at(-1);
  const writing = Boolean(session.answering) && !(last && last.role === 'assistant' && last.status !== 'partial');
  const items = [];
  messages.forEach((m, i) => {
    if (m.role === 'user') {
      items.push({ kind: 'user', text: m.content });
      return;
    }
    const next = messages[i + 1];
    const replaced = m.status === 'partial' && (next ? next.role === 'assistant' : writing);
    if (!replaced) items.push({ kind: 'answer', answer: storedAnswer(m) });
  });
  if (writing) items.push({ kind: 'writing' });
  return items;
}

/** The conversation list with {@code summary} first (new, or just updated). */
export function withSession(sessions, summary) {
  return [summary, ...sessions.filter((s) => s.id !== summary.id)];
}

export function renamedSession(sessions, id, title) {
  return sessions.map((s) => (s.id === id ? { ...s, title } : s));
}

export function withoutSession(sessions, id) {
  return sessions.filter((s) => s.id !== id);
}
