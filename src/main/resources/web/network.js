// Whether the server can be reached. navigator.onLine is not enough (a captive portal, a server
// gone), so a failed request counts as offline until one works or a probe of /health answers.

const PROBE_MS = 5000;

export class Network {
  constructor({ onChange, onReconnect, browserOnline = () => navigator.onLine,
    fetcher = (...args) => fetch(...args), timers = globalThis }) {
    this.onChange = onChange;
    this.onReconnect = onReconnect;
    this.browserOnline = browserOnline;
    this.fetcher = fetcher;
    this.timers = timers;
    this.online = browserOnline();
    this.fetchFailed = false;
    this.probeTimer = 0;
  }

  offline() {
    return !this.online || this.fetchFailed;
  }

  failed() {
    this.fetchFailed = true;
    this.onChange();
    this.schedule();
  }

  worked() {
    if (!this.fetchFailed && this.online) return;
    this.fetchFailed = false;
    this.online = true;
    this.timers.clearTimeout(this.probeTimer);
    this.onChange();
    this.onReconnect();
  }

  wentOffline() {
    this.online = false;
    this.onChange();
  }

  /** The browser's online event: believed once the server answers a probe. */
  wentOnline() {
    return this.probe();
  }

  async probe() {
    if (!this.browserOnline()) {
      this.schedule();
      return;
    }
    try {
      const res = await this.fetcher('/health', { cache: 'no-store' });
      if (res.ok || res.status === 503) this.worked();
      else this.schedule();
    } catch (e) {
      this.schedule();
    }
  }

  schedule() {
    this.timers.clearTimeout(this.probeTimer);
    this.probeTimer = this.timers.setTimeout(() => this.probe(), PROBE_MS);
  }
}
