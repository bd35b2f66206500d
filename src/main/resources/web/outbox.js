// Messages typed offline wait in storage (a reload keeps them) and go out oldest first, one at a
// time, when the connection returns. No DOM here (tested under Node with fakes).

const KEY = 'ra.outbox';

export class Outbox {
  constructor(storage, onChange = () => {}, now = () => Date.now(), random = Math.random) {
    this.storage = storage;
    this.onChange = onChange;
    this.now = now;
    this.random = random;
    this.flushing = false;
  }

  /** Oldest first: {id, sessionId (null: a conversation not created yet), text, at}. */
  items() {
    try {
      const items = JSON.parse(this.storage.getItem(KEY) || '[]');
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  forSession(sessionId) {
    return this.items().filter((o) => o.sessionId === sessionId);
  }

  /** sentAt: sent once, its connection lost (maybe after the server stored it). */
  add(text, sessionId, { sentAt } = {}) {
    const at = this.now();
    const item = { id: 'o' + at.toString(36) + Math.floor(this.random() * 36 ** 4).toString(36),
      sessionId, text, at: new Date(at).toISOString() };
    if (sentAt) item.sentAt = new Date(sentAt).toISOString();
    this.save([...this.items(), item]);
    return item;
  }

  /** Back at the head, as it was. */
  restore(item) {
    this.save([item, ...this.items().filter((o) => o.id !== item.id)]);
  }

  remove(id) {
    this.save(this.items().filter((o) => o.id !== id));
  }

  dropSession(sessionId) {
    this.save(this.items().filter((o) => o.sessionId !== sessionId));
  }

  save(items) {
    this.storage.setItem(KEY, JSON.stringify(items));
    this.onChange();
  }

  /**
   * Sends while canSend() holds; a message leaves the box as send() starts (a send that loses the
   * connection before the server stores it puts it back). False when it did not start.
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

/** The network banner's words; null for none. */
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
