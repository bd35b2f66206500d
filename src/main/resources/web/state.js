// The page's state and the one place it changes, as pure functions (tested under Node). An
// answer changes only through applyEvent: the server's events, plus the page's own 'failure'
// (see failureOf) and 'end' (the stream is over).
import { plain } from './md.js';

export const ANNOUNCE_CHARS = 600;

export const NOTICES = {
  retrieval_only: 'No language model is configured or reachable: this answer is built from your library alone.',
  no_model: 'No language model is configured, and nothing in your library matched.',
};

export function initialState() {
  return { sessions: [], current: null, view: 'chat', streaming: null, watching: null, started: false };
}

/**
 * An answer about to stream. The question is kept to ask again; userMessageId is the id the server
 * stored it under (from meta, or kept from a failed attempt); acknowledged: this request's meta came.
 */
export function newAnswer(question, sessionId) {
  return {
    sessionId, question, userMessageId: '', acknowledged: false, id: '', content: '', status: 'streaming',
    streaming: true, finished: false, model: '', plan: null, sources: [], safety: [], trace: null, notes: [],
    error: null, totalMs: null, citations: null,
  };
}

/** An answer from GET /api/sessions/{id}. */
export function storedAnswer(message) {
  return {
    ...newAnswer('', ''), id: message.id, content: message.content, status: message.status, streaming: false,
    finished: true, model: message.model || '', sources: message.sources || [], trace: message.trace || null,
    totalMs: typeof message.latencyMs === 'number' ? message.latencyMs : null,
    citations: message.citations || null,
  };
}

/** The answer after event {@code name}; the one given is left as it was. */
export function applyEvent(answer, name, data) {
  switch (name) {
    case 'meta': return { ...answer, acknowledged: true, userMessageId: data.userMessageId || answer.userMessageId,
      model: data.model || '' };
    case 'plan': return { ...answer, plan: data };
    case 'sources': return { ...answer, sources: data.sources || [] };
    case 'token': return { ...answer, content: answer.content + (data.text || '') };
    case 'safety': return { ...answer, safety: data.notes || [] };
    case 'trace': return { ...answer, trace: data };
    case 'citations': return { ...answer, content: withoutRemoved(answer.content, data.removed || []),
      citations: { claims: data.claims || [], removed: data.removed || [], unchecked: data.unchecked || 0 } };
    case 'done': return { ...answer, finished: true, id: data.messageId || '', status: 'complete',
      totalMs: data.timings && typeof data.timings.totalMs === 'number' ? data.timings.totalMs : answer.totalMs,
      notes: NOTICES[data.notice] ? [...answer.notes, NOTICES[data.notice]] : answer.notes };
    case 'error': return { ...answer, finished: true, id: data.messageId || '',
      status: data.messageId ? 'partial' : 'failed', error: { message: String(data.message), retryable: true } };
    case 'failure': return failed(answer, data);
    case 'end': return { ...answer, streaming: false };
    default: return answer; // an event a newer server sends
  }
}

/**
 * The streamed text as the server stored it: each removed citation marker ({start, end,
 * replacement}, offsets into the streamed text, in order) replaced, from the last to the first.
 */
export function withoutRemoved(text, removed) {
  let out = text;
  for (let k = removed.length - 1; k >= 0; k--) {
    const r = removed[k];
    if (r.start >= 0 && r.end <= out.length && r.start < r.end) {
      out = out.slice(0, r.start) + (r.replacement || '') + out.slice(r.end);
    }
  }
  return out;
}

/** The marks an answer shows: its weak and unsupported sentences, {end, verdict, note}. */
export function verdictMarks(answer) {
  const claims = (answer.citations && answer.citations.claims) || [];
  return claims.filter((c) => (c.verdict === 'weak' || c.verdict === 'unsupported') && c.end <= answer.content.length)
    .map((c) => ({ end: c.end, verdict: c.verdict, note: c.note || '' }));
}

/** The note about citation markers the check removed, or '' when there were none. */
export function removedNote(answer) {
  const removed = (answer.citations && answer.citations.removed) || [];
  if (!removed.length) return '';
  const markers = removed.flatMap((r) => r.numbers || []).map((n) => '[' + n + ']').join(', ');
  return 'Removed ' + markers + ': ' + (removed.length === 1 && (removed[0].numbers || []).length === 1
    ? 'it named no source' : 'they named no source') + ' given to the model.';
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
 * The error policy, as a 'failure' event's data: 'stopped' (Stop), 'busy' (the previous answer is
 * still being written), 'dropped' (connection lost after meta: the server finishes the answer),
 * 'requeue' (lost before: a new message goes back to the outbox), else 'failed'.
 * queueable: the request sent a new message, not a retry of a stored one.
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

/** Retry's body: a stored question is asked again by id (so it is stored once), another anew. */
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
 * What a stored conversation shows: {kind: 'user'|'answer'|'writing'}. A partial answer followed
 * by another (or by the one being written) was replaced by Retry: only the newer one shows.
 */
export function conversationItems(session) {
  const messages = session.messages;
  const last = messages.at(-1);
  const writing = Boolean(session.answering) && !(last && last.role === 'assistant' && last.status !== 'partial');
  const items = [];
  messages.forEach((m, i) => {
    if (m.role === 'user') {
      items.push({ kind: 'user', text: m.content, id: m.id });
      return;
    }
    const next = messages[i + 1];
    const replaced = m.status === 'partial' && (next ? next.role === 'assistant' : writing);
    if (!replaced) items.push({ kind: 'answer', answer: storedAnswer(m) });
  });
  if (writing) items.push({ kind: 'writing' });
  return items;
}

/**
 * Whether a conversation may have research to show: a research turn (profile "research"), or a
 * job this page started there ({@code pending}: conversation id -> job id, kept until it ends).
 */
export function hasResearch(session, pending) {
  return Boolean(pending && pending[session.id]) || (session.messages || []).some((m) => m.profile === 'research');
}

export function withSession(sessions, summary) {
  return [summary, ...sessions.filter((s) => s.id !== summary.id)];
}

export function renamedSession(sessions, id, title) {
  return sessions.map((s) => (s.id === id ? { ...s, title } : s));
}

export function withoutSession(sessions, id) {
  return sessions.filter((s) => s.id !== id);
}

const SUGGESTION_TITLE_CHARS = 48;

function quoted(title) {
  const t = String(title || '').trim().replace(/\s+/g, ' ');
  return '“' + (t.length > SUGGESTION_TITLE_CHARS ? t.slice(0, SUGGESTION_TITLE_CHARS - 1).trimEnd() + '…' : t) + '”';
}

/**
 * Questions to offer on a new conversation, about the documents the library holds (ready ones
 * first); none for an empty library, where the page offers the samples instead.
 */
export function suggestionsFor(documents) {
  const usable = (documents || []).filter((d) => d.status !== 'failed' && d.title);
  const docs = [...usable.filter((d) => d.status === 'ready'), ...usable.filter((d) => d.status !== 'ready')];
  if (!docs.length) return [];
  const [a, b, c] = docs;
  return [
    'What are the key points of ' + quoted(a.title) + '?',
    b ? 'Summarise ' + quoted(b.title) + ', with its evidence.' : 'How strong is the evidence in ' + quoted(a.title) + '?',
    c ? 'What questions does ' + quoted(c.title) + ' leave open?' : 'What questions does my library leave open?',
  ];
}
