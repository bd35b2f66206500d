// An answer's trace as a timeline (no DOM: tested under Node). The steps ran partly side by side,
// so the answer's wall time is not the sum of their durations: each step is placed at its start,
// the wait for the first words is marked, and only what hurt the answer is flagged.

/** What each step did, in the reader's words. */
const NAMES = {
  intent: 'Reading the question', context: 'Recalling the talk', retrieval: 'Searching the library',
  expertise: 'Choosing a perspective', synthesis: 'Writing the answer', extractive: 'Quoting the library',
  safety: 'Safety check',
};

/** A short human duration: "420 ms", "3.7 s", "1 min 5 s". */
export function duration(ms) {
  const n = Math.max(0, Math.round(Number(ms) || 0));
  if (n < 1000) return n + ' ms';
  if (n < 60000) return (n / 1000).toFixed(n < 10000 ? 1 : 0) + ' s';
  return Math.floor(n / 60000) + ' min ' + Math.round((n % 60000) / 1000) + ' s';
}

export function stepName(step) {
  return NAMES[step] || String(step || 'Step').replace(/_/g, ' ');
}

/**
 * Whether a step made the answer worse: it failed, the library was quoted instead of an answer
 * written, a backup model wrote it, or the earlier conversation was recalled only roughly. Rules
 * standing in for the intent or safety models are routine, not harm.
 */
export function hurt(s) {
  if (s.outcome === 'failed') return true;
  if (s.step === 'extractive') return s.outcome === 'fallback';
  if (s.step === 'synthesis') return Boolean(s.fallbackUsed);
  if (s.step === 'context') return Boolean(s.fallbackUsed) && /^extractive/.test(s.detail || '');
  return false;
}

/** What ran the step, in a few words: the model (or the step's own note), and the tokens it used. */
export function note(s) {
  const bits = [];
  if (s.model) bits.push(s.model + (s.fallbackUsed && s.step !== 'extractive' ? ' (backup)' : ''));
  if (s.promptTokens >= 0 || s.completionTokens >= 0) {
    bits.push(Math.max(0, s.promptTokens) + ' → ' + Math.max(0, s.completionTokens) + ' tokens');
  }
  if (s.detail) bits.push(s.detail);
  else if (s.outcome === 'failed') bits.push('failed');
  else if (s.outcome === 'skipped') bits.push('nothing to do');
  else if (!s.model) bits.push('rules');
  return bits.join(' · ');
}

/**
 * The trace laid out: {total, firstToken (ms or null), placed, span, rows}. Each row has the step,
 * its name and note, startMs and durationMs, and left/width/firstAt as percentages of the span.
 * {@code fallbackTotal} is the answer's time from elsewhere (its stored latency) for traces
 * written before they carried their own timing. Steps stored before their starts were recorded
 * (placed false) are drawn from 0, each bar its own duration.
 */
export function timeline(trace, fallbackTotal = null) {
  const steps = (trace && trace.steps) || [];
  const timing = (trace && trace.timing) || {};
  const placed = steps.length > 0 && steps.every((s) => typeof s.startMillis === 'number' && s.startMillis >= 0);
  const known = (x) => typeof x === 'number' && x >= 0;
  const total = known(timing.totalMillis) ? timing.totalMillis : known(fallbackTotal) ? fallbackTotal : null;
  const firstToken = known(timing.firstTokenMillis) ? timing.firstTokenMillis : null;
  const start = (s) => (placed ? s.startMillis : 0);
  const end = steps.reduce((max, s) => Math.max(max, start(s) + (s.durationMillis || 0)), 0);
  const span = Math.max(total || 0, end, firstToken || 0, 1);
  const pct = (ms) => Math.round((ms / span) * 1000) / 10;
  const ordered = placed ? [...steps].sort((a, b) => a.startMillis - b.startMillis) : steps;
  const rows = ordered.map((s) => ({
    step: s.step, name: stepName(s.step), note: note(s), hurt: hurt(s), skipped: s.outcome === 'skipped',
    startMs: start(s), durationMs: s.durationMillis || 0,
    left: pct(start(s)), width: pct(s.durationMillis || 0),
  }));
  return { total, firstToken, placed, span, firstAt: firstToken === null ? null : pct(firstToken), rows };
}
