// The HTTP API: fetch with typed errors and network tracking, and the answer's event reader.
// No DOM here (tested under Node).

/** A failed request: HTTP status (0 without a response), the API's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** The ApiError of a failed response, from its {"error":{"code","message"}} body if it has one. */
export async function errorOf(res) {
  let code = 'http_' + res.status;
  let message = 'The server answered ' + res.status + '.';
  try {
    const body = await res.json();
    if (body && body.error && typeof body.error.code === 'string') {
      code = body.error.code;
      message = String(body.error.message);
    }
  } catch (e) { /* not a JSON error body */ }
  return new ApiError(res.status, code, message, res.headers.get('Retry-After'));
}

export function json(body, method = 'POST') {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The API client; {@code network} hears whether each call reached the server. A copy the service
 * worker served from its cache (X-RA-Offline) counts as not reaching it.
 */
export class Api {
  constructor(network, fetcher = (...args) => fetch(...args)) {
    this.network = network;
    this.fetcher = fetcher;
  }

  async request(path, options = {}) {
    const res = await this.reach(path, { credentials: 'same-origin', ...options });
    if (res.headers.get('X-RA-Offline')) this.network.failed();
    else this.network.worked();
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  /** Opens an answer's event stream; body: {content} (a new message) or {retry: userMessageId}. */
  async answer(sessionId, body, signal) {
    const res = await this.reach('/api/sessions/' + encodeURIComponent(sessionId) + '/messages', {
      method: 'POST', credentials: 'same-origin', signal,
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify(body),
    });
    this.network.worked();
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  async reach(path, options) {
    try {
      return await this.fetcher(path, options);
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      this.network.failed();
      throw new ApiError(0, 'offline', 'No connection to the server.');
    }
  }
}

/** Server-sent events from text in chunks cut anywhere; skips comments and data that is not JSON. */
export class EventParser {
  constructor() {
    this.buffer = '';
  }

  /** Returns the events the chunk completed, as {name, data}, with the event's {@code id} when it has one. */
  push(text) {
    this.buffer += text;
    // a CR at the very end may be the first half of a CRLF cut in two: keep it for the next chunk
    const keep = this.buffer.endsWith('\r') ? 1 : 0;
    const ready = this.buffer.slice(0, this.buffer.length - keep).replace(/\r\n?/g, '\n');
    this.buffer = this.buffer.slice(this.buffer.length - keep);
    const blocks = ready.split('\n\n');
    this.buffer = blocks.pop() + this.buffer;
    return blocks.map(parseBlock).filter(Boolean);
  }
}

function parseBlock(block) {
  let name = 'message';
  let id = null;
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    else if (line.startsWith('id:')) id = line.slice(3).trim();
  }
  if (!data.length) return null;
  try {
    const event = { name, data: JSON.parse(data.join('\n')) };
    if (id !== null) event.id = id;
    return event;
  } catch (e) {
    return null;
  }
}

/**
 * Hands each event of a byte stream to onEvent(name, data, id) (id: the event's id line, if any); a
 * broken one is ApiError 'interrupted'.
 */
export async function readEvents(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser();
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'interrupted', 'The connection dropped.');
    }
    if (chunk.done) return;
    for (const event of parser.push(chunk.value)) onEvent(event.name, event.data, event.id);
  }
}
