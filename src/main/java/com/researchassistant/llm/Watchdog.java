package com.researchassistant.llm;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a response body when the call's budget runs out, so a read blocked on a stalled upstream
 * fails at once instead of waiting for TCP to notice.
 */
final class Watchdog implements Closeable {

    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread thread;

    private Watchdog(InputStream body, Duration budget) {
        this.thread = Thread.ofVirtual().name("llm-watchdog").start(() -> guard(body, budget));
    }

    static Watchdog start(InputStream body, Duration budget) {
        return new Watchdog(body, budget);
    }

    /** Whether the budget ran out and the body was closed because of it. */
    boolean fired() {
        return fired.get();
    }

    private void guard(InputStream body, Duration budget) {
        try {
            Thread.sleep(budget);
        } catch (InterruptedException e) {
            return; // the call ended in time
        }
        fired.set(true);
        try {
            body.close();
        } catch (IOException e) {
            // closing only aborts the read; there is nothing left to report
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
