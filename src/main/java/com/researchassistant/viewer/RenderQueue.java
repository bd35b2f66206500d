package com.researchassistant.viewer;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The few platform threads that open PDFs, draw pages and read text positions, apart from the
 * chat's workers, with a bounded queue: a burst of renders waits here or is refused as {@link
 * ViewerRefused.Kind#BUSY}, and never takes the CPU or heap that answers need. A request that
 * waits longer than {@code wait} gets BUSY too; its render still finishes and fills the cache.
 */
final class RenderQueue implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final Duration wait;

    RenderQueue(int threads, int queue, Duration wait) {
        this.wait = wait;
        this.executor = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
                Thread.ofPlatform().name("viewer-render-", 1).daemon(true).factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    <T> T run(Callable<T> work) {
        Future<T> future;
        try {
            future = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw ViewerRefused.busy();
        }
        try {
            return future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ViewerRefused.busy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ViewerRefused.busy();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("a render failed", e.getCause());
            }
        }
    }

    /** Renders running or waiting now. */
    int load() {
        return executor.getActiveCount() + executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
