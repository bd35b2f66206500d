package com.researchassistant.answers;

import com.researchassistant.db.Identifiers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers being produced, one per session at most: a second message to a session still being
 * answered is refused (409), a page coming back from the background can ask whether its answer is
 * still on the way, and the Stop button can cancel an answer whose stream the client no longer
 * holds (an answer that outlives its client, {@code "onDisconnect":"finish"}).
 *
 * <p>Cancelling interrupts the answering thread, which the pipeline treats like a client that
 * left: the upstream call is aborted and the partial answer is stored.
 *
 * <p>With a shared {@link AnswerBoard} (Redis) all of this holds across instances: a claim is
 * also a mark on the board, renewed while the answer runs, and a Stop received by another
 * instance leaves a cancel request there, which the running instance picks up within one poll.
 */
public final class RunningAnswers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningAnswers.class);
    /** How often the board is polled by default: marks renewed, cancel requests picked up. */
    public static final Duration POLL = Duration.ofMillis(500);

    private final ConcurrentMap<String, Claim> running = new ConcurrentHashMap<>();
    private final AnswerBoard board;
    private final Duration poll;
    private final String holder = Identifiers.newId();
    private final Thread watcher;
    private volatile boolean closed;

    public RunningAnswers() {
        this(AnswerBoard.LOCAL);
    }

    /** With the board polled every {@link #POLL}. */
    public RunningAnswers(AnswerBoard board) {
        this(board, POLL);
    }

    /**
     * @param poll how often this instance renews its marks and looks for cancel requests; a Stop sent
     *     to another instance takes up to this long, and marks must outlive it (their lease)
     */
    public RunningAnswers(AnswerBoard board, Duration poll) {
        this.board = Objects.requireNonNull(board, "board");
        this.poll = Objects.requireNonNull(poll, "poll");
        if (poll.toMillis() < 1) {
            throw new IllegalArgumentException("poll must be at least 1 ms: " + poll);
        }
        this.watcher = board == AnswerBoard.LOCAL
                ? null
                : Thread.ofVirtual().name("answer-board").start(this::watch);
    }

    /**
     * Claims the session for the calling thread; empty when the session is already being answered,
     * here or (with a shared board) on another instance.
     *
     * @throws RuntimeException from the board when it cannot be reached; nothing is claimed then
     */
    public Optional<Claim> claim(String sessionId) {
        Claim claim = new Claim(sessionId, Thread.currentThread());
        if (running.putIfAbsent(sessionId, claim) != null) {
            return Optional.empty();
        }
        boolean marked = false;
        try {
            marked = board.tryMark(sessionId, holder);
        } finally {
            if (!marked) {
                running.remove(sessionId, claim);
            }
        }
        return marked ? Optional.of(claim) : Optional.empty();
    }

    public boolean answering(String sessionId) {
        if (running.containsKey(sessionId)) {
            return true;
        }
        try {
            return board.marked(sessionId);
        } catch (RuntimeException e) {
            log.debug("answer board unreachable; reporting local answers only: {}", e.toString());
            return false;
        }
    }

    /** Cancels the session's answer, here or wherever it runs; false when none is running. */
    public boolean cancel(String sessionId) {
        Claim claim = running.get(sessionId);
        if (claim != null) {
            claim.cancel();
            return true;
        }
        return board.requestCancel(sessionId);
    }

    int size() {
        return running.size();
    }

    /** Renews this instance's marks and carries out cancel requests left by other instances. */
    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(poll);
                List<String> mine = List.copyOf(running.keySet());
                if (mine.isEmpty()) {
                    continue;
                }
                board.renew(mine, holder);
                Set<String> cancels = board.cancelRequested(mine);
                for (String sessionId : cancels) {
                    Claim claim = running.get(sessionId);
                    if (claim != null) {
                        log.debug("session {}: stop requested through another instance", sessionId);
                        claim.cancel();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("answer board unreachable; retrying: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
    }

    /** One session's answer in progress; closing it releases the session. */
    public final class Claim implements AutoCloseable {

        private final String sessionId;
        private final Thread thread;
        private volatile boolean cancelled;
        private boolean closed;

        private Claim(String sessionId, Thread thread) {
            this.sessionId = sessionId;
            this.thread = thread;
        }

        public boolean cancelled() {
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
                if (closed) {
                    return;
                }
                closed = true;
            }
            if (running.remove(sessionId, this)) {
                try {
                    board.unmark(sessionId, holder);
                } catch (RuntimeException e) {
                    log.debug("session {}: answer mark left to lapse: {}", sessionId, e.toString());
                }
            }
        }
    }
}
