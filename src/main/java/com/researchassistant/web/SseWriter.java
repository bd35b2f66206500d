package com.researchassistant.web;

import com.researchassistant.chat.ClientGone;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes server-sent events and keeps the stream alive. Every write is flushed at once. A
 * comment line goes out whenever the stream has been quiet for the heartbeat interval, so
 * proxies keep it open and a client that left is noticed even while the model is silent: the
 * streaming thread is then interrupted, which aborts the upstream call.
 */
final class SseWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SseWriter.class);

    private final OutputStream out;
    private final Duration heartbeat;
    private final Thread owner;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile long lastWrite = System.nanoTime();
    private volatile boolean gone;
    private volatile boolean closed;
    private Thread heartbeatThread;

    SseWriter(OutputStream out, Duration heartbeat, Thread owner) {
        this.out = out;
        this.heartbeat = heartbeat;
        this.owner = owner;
    }

    /** Starts the heartbeat; the stream must already be open. */
    void startHeartbeat() {
        heartbeatThread = Thread.ofVirtual().name("sse-heartbeat").start(this::beat);
    }

    void event(String name, String json) {
        write("event: " + name + "\ndata: " + json + "\n\n");
    }

    void comment(String text) {
        write(": " + text + "\n\n");
    }

    boolean gone() {
        return gone;
    }

    private void write(String frame) {
        if (gone) {
            throw new ClientGone(null);
        }
        lock.lock();
        try {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
            lastWrite = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            gone = true;
            throw new ClientGone(e);
        } finally {
            lock.unlock();
        }
    }

    private void beat() {
        long interval = heartbeat.toNanos();
        while (!closed && !gone) {
            long idle = System.nanoTime() - lastWrite;
            try {
                Thread.sleep(Duration.ofNanos(Math.max(interval - idle, 1_000_000)));
            } catch (InterruptedException e) {
                return;
            }
            if (closed || System.nanoTime() - lastWrite < interval) {
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
