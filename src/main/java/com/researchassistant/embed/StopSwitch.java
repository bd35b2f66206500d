package com.researchassistant.embed;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Lets one thread end another's embedding call before it is done: background ingestion runs its
 * calls under a switch, and a person's search that begins meanwhile turns it, so the search has the
 * core now instead of after the rest of the call (~10-20 ms of a chunk). The call then throws {@link
 * EmbeddingStopped}; the text embeds to the same vector when asked again. One call at a time runs
 * under a switch. Thread-safe.
 */
public final class StopSwitch {

    private Runnable action;
    private boolean stopped;

    /** Ends the call running under this switch, if any, as soon as it can; nothing between calls. */
    public synchronized void stop() {
        if (action != null && !stopped) {
            stopped = true;
            action.run();
        }
    }

    /**
     * Runs {@code call}, with {@code onStop} as what {@link #stop} does meanwhile (on the stopping
     * thread; it must only ask the call to end, quickly). A failure of a call that was asked to end
     * is thrown as {@link EmbeddingStopped}; one that ends normally returns its result even if
     * asked to end. For implementations of {@link Embedder#embedAlone}.
     */
    public <T> T run(Runnable onStop, Supplier<T> call) {
        Objects.requireNonNull(onStop, "onStop");
        synchronized (this) {
            if (action != null) {
                throw new IllegalStateException("a call is already running under this switch");
            }
            action = onStop;
            stopped = false;
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (stopped()) {
                throw new EmbeddingStopped(e);
            }
            throw e;
        } finally {
            synchronized (this) {
                action = null; // after this, stop() no longer touches what the call used
            }
        }
    }

    private synchronized boolean stopped() {
        return stopped;
    }
}
