// The server's HTTP API as the page uses it: fetch with typed errors that also tells the page
// whether the server can be reached, and a reader for the answer's server-sent events. Nothing
// here touches the DOM, so it runs under Node's test runner as it is.

/** A failed request: the HTTP status (0 without a response), the API's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** The server could not be reached, or the stream broke off: these may succeed later. */
export function isConnectionLost(error) {
  return error instanceof ApiError && (error.code === 'offline' || error.code === 'interrupted');
}

/** The ApiError of a response that is not ok, from its {"error":{"code","message"}} body when it has one. */
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

/** Options for a JSON request. */
export function json(body, method = 'POST') {
  return { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The API client. {@code network} hears whether each call reached the server
 * ({@code worked()} / {@code failed()}); a copy the service worker served from its cache while
 * offline ({@code X-RA-Offline}) counts as a failure.
 */
export class Api {
  constructor(network, fetcher = (...args) => fetch(...args)) {
    this.network = network;
    this.fetcher = fetcher;
  }

  /** fetch() that throws ApiError for error statuses and ApiError 'offline' without a connection. */
  async request(path, options = {}) {
    const res = await this.reach(path, { credentials: 'same-origin', ...options });
    if (res.headers.get('X-RA-Offline')) this.network.failed();
    else this.network.worked();
    if (!res.ok) throw await errorOf(res);
    return res;
  }

  /**
   * Asks for an answer as a stream of events: {@code body} is {"content"} for a new message or
   * {"retry": userMessageId} to answer a stored one again. Resolves to the open response.
   */
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

/**
 * Splits server-sent events out of text as it arrives, in chunks cut anywhere. Events without
 * data and comment lines (the server's heartbeat) are skipped, and so is data that is not JSON.
 */
export class EventParser {
  constructor() {
    this.buffer = '';
  }

  /** Takes the next chunk of text; returns the events it completed, as {name, data}. */
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
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return null;
  try {
    return { name, data: JSON.parse(data.join('\n')) };
  } catch (e) {
    return null;
  }
}

/**
 * Reads the events of a response body (a stream of bytes) until it ends, handing each to
 * {@code onEvent(name, data)}. A connection that breaks mid-stream is ApiError 'interrupted';
 * an abort (Stop) stays an AbortError.
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
    for (const event of parser.push(chunk.value)) onEvent(event.name, event.data);
  }
}
