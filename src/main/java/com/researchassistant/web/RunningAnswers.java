package com.researchassistant.web;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The answers this process is producing, one per session at most: a second message to a session
 * still being answered is refused (409), a page coming back from the background can ask whether
 * its answer is still on the way, and the Stop button can cancel an answer whose stream the
 * client no longer holds (an answer that outlives its client, {@code "onDisconnect":"finish"}).
 *
 * <p>Cancelling interrupts the answering thread, which the pipeline treats like a client that
 * left: the upstream call is aborted and the partial answer is stored.
 */
final class RunningAnswers {

    private final ConcurrentMap<String, Claim> running = new ConcurrentHashMap<>();

    /** Claims the session for the calling thread; empty when the session is already being answered. */
    Optional<Claim> claim(String sessionId) {
        Claim claim = new Claim(sessionId, Thread.currentThread());
        return running.putIfAbsent(sessionId, claim) == null ? Optional.of(claim) : Optional.empty();
    }

    boolean answering(String sessionId) {
        return running.containsKey(sessionId);
    }

    /** Cancels the session's answer; false when none is running. */
    boolean cancel(String sessionId) {
        Claim claim = running.get(sessionId);
        if (claim == null) {
            return false;
        }
        claim.cancel();
        return true;
    }

    int size() {
        return running.size();
    }

    /** One session's answer in progress; closing it releases the session. */
    final class Claim implements AutoCloseable {

        private final String sessionId;
        private final Thread thread;
        private volatile boolean cancelled;
        private boolean closed;

        private Claim(String sessionId, Thread thread) {
            this.sessionId = sessionId;
            this.thread = thread;
        }

        boolean cancelled() {
            return cancelled;
        }

        private synchronized void cancel() {
            if (!closed && !cancelled) {
                cancelled = true;
                thread.interrupt();
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            running.remove(sessionId, this);
        }
    }
}
