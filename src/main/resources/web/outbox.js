// Messages typed while offline. They wait in storage (localStorage in the page, so a reload keeps
// them) and go out oldest first, one at a time, when the connection returns. No DOM here: the
// page passes its storage and callbacks in, and Node's test runner passes fakes.

const KEY = 'ra.outbox';

export class Outbox {
  /**
   * @param storage has getItem and setItem (localStorage)
   * @param onChange called after every change, to update what the page shows
   */
  constructor(storage, onChange = () => {}, now = () => Date.now(), random = Math.random) {
    this.storage = storage;
    this.onChange = onChange;
    this.now = now;
    this.random = random;
    this.flushing = false;
  }

  /** The waiting messages, oldest first: {id, sessionId (null for a new conversation), text, at}. */
  items() {
    try {
      const items = JSON.parse(this.storage.getItem(KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  /** The messages waiting for conversation {@code sessionId} (null: a conversation not created yet). */
  forSession(sessionId) {
    return this.items().filter((o) => o.sessionId === sessionId);
  }

  /** Adds a message; returns it. */
  add(text, sessionId) {
    const at = this.now();
    const item = { id: 'o' + at.toString(36) + Math.floor(this.random() * 36 ** 4).toString(36),
      sessionId, text, at: new Date(at).toISOString() };
    this.save([...this.items(), item]);
    return item;
  }

  remove(id) {
    this.save(this.items().filter((o) => o.id !== id));
  }

  /** Forgets the messages of a deleted conversation. */
  dropSession(sessionId) {
    this.save(this.items().filter((o) => o.sessionId !== sessionId));
  }

  save(items) {
    this.storage.setItem(KEY, JSON.stringify(items));
    this.onChange();
  }

  /**
   * Sends the waiting messages, oldest first, one at a time, while {@code canSend()} holds. A
   * message for a new conversation gets one from {@code createSession()} first; a message leaves
   * the outbox as {@code send(item, sessionId)} starts (a send that loses the connection before
   * the server stores the message puts it back itself). Stops at the first session that cannot
   * be created. Returns false when it did not start: already flushing, cannot send, or empty.
   */
  async flush({ canSend, createSession, send }) {
    if (this.flushing || !canSend() || !this.items().length) return false;
    this.flushing = true;
    try {
      for (;;) {
        const [item] = this.items();
        if (!item || !canSend()) return true;
        let sessionId = item.sessionId;
        if (!sessionId) {
          try {
            sessionId = await createSession();
          } catch (e) {
            return true;
          }
        }
        this.remove(item.id);
        await send(item, sessionId);
      }
    } finally {
      this.flushing = false;
    }
  }
}

/** The banner's words for the network state and the waiting messages; null for no banner. */
export function bannerText(offline, waiting) {
  const plural = waiting === 1 ? '' : 's';
  if (offline) {
    const rest = waiting
      ? waiting + (waiting === 1 ? ' message waits' : ' messages wait') + ' and will be sent when the connection returns.'
      : 'Saved conversations stay readable; messages you send now go out when the connection returns.';
    return { strong: 'You are offline.', rest };
  }
  if (waiting) return { strong: '', rest: 'Sending ' + waiting + ' waiting message' + plural + '…' };
  return null;
}
