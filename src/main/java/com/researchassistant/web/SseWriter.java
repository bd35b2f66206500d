package com.researchassistant.web;

import com.researchassistant.chat.ClientGone;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes server-sent events and keeps the stream alive. Every write is flushed at once. A
 * comment line goes out whenever the stream has been quiet for the heartbeat interval, so
 * proxies keep it open and a client that left is noticed even while the model is silent: the
 * streaming thread is then interrupted, which aborts the upstream call.
 *
 * <p>A writer that {@code outlivesClient} instead drops every event once its client is gone, so
 * the answer runs to its end and is stored (a phone that locked mid-answer finds it on return).
 */
final class SseWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SseWriter.class);

    /** How often a queued stream checks that its client is still there. */
    private static final Duration QUEUE_POLL = Duration.ofSeconds(1);

    private final OutputStream out;
    private final Duration heartbeat;
    private final Clock clock;
    private final Thread owner;
    private final boolean outlivesClient;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastWrite;
    private volatile boolean gone;
    private volatile boolean closed;
    private Thread heartbeatThread;

    SseWriter(OutputStream out, Heartbeat heartbeat, Thread owner) {
        this(out, heartbeat, owner, false);
    }

    SseWriter(OutputStream out, Heartbeat heartbeat, Thread owner, boolean outlivesClient) {
        this.out = out;
        this.heartbeat = heartbeat.interval();
        this.clock = heartbeat.clock();
        this.lastWrite = clock.millis();
        this.owner = owner;
        this.outlivesClient = outlivesClient;
    }

    /** Starts the heartbeat; the stream must already be open. */
    void startHeartbeat() {
        heartbeatThread = Thread.ofVirtual().name("sse-heartbeat").start(this::beat);
    }

    void event(String name, String json) {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    /** A named event with an id, which a client that reconnects sends back as {@code Last-Event-ID}. */
    void event(long id, String name, String json) {
        write("id: " + id + "\nevent: " + name + "\ndata: " + json + "\n\n");
    }

    /** An unnamed event: a bare {@code data:} line, as OpenAI-style streams use. */
    void data(String json) {
        write("data: " + json + "\n\n");
    }

    void comment(String text) {
        write(": " + text + "\n\n");
    }

    /** Sets the status and the headers that keep proxies from buffering or caching a stream. */
    static void streamHeaders(ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache, no-transform");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
    }

    /**
     * Waits up to {@code max} for a worker while checking, once a second, that the client is
     * still there (a write to a closed stream throws {@link ClientGone}, which frees the place).
     */
    boolean awaitWorker(Admission.Ticket ticket, Duration max) throws InterruptedException {
        long deadline = clock.millis() + max.toMillis();
        while (!ticket.await(QUEUE_POLL)) {
            if (clock.millis() > deadline) {
                return false;
            }
            comment("queued");
        }
        return true;
    }

    boolean gone() {
        return gone;
    }

    private void write(String frame) {
        if (gone) {
            if (outlivesClient) {
                return;
            }
            throw new ClientGone(null);
        }
        lock.lock();
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastWrite = clock.millis();
        } catch (IOException | RuntimeException e) {
            gone = true;
            if (outlivesClient) {
                log.debug("stream client left; the answer goes on and will be stored");
                return;
            }
            throw new ClientGone(e);
        } finally {
            lock.unlock();
        }
    }

    private void beat() {
        long interval = heartbeat.toMillis();
        while (!closed && !gone) {
            long idle = clock.millis() - lastWrite;
            try {
                Thread.sleep(Duration.ofMillis(Math.max(interval - idle, 1)));
            } catch (InterruptedException e) {
                return;
            }
            if (closed || clock.millis() - lastWrite < interval) {
                continue;
            }
            try {
                comment("keep-alive");
            } catch (ClientGone e) {
                lock.lock();
                try {
                    if (!closed) {
                        log.debug("stream client left during a quiet period; aborting the answer");
                        owner.interrupt();
                    }
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (heartbeatThread != null) {
                heartbeatThread.interrupt();
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing a stream whose client left: {}", e.toString());
        } finally {
            lock.unlock();
        }
    }
}
