package com.researchassistant.research;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a job's searches or fetches on virtual threads, at most {@code concurrency} at once, each
 * waited for only as long as the job has time left. A task still running then is interrupted and
 * left behind (its result no longer matters), so a slow provider never holds the job past its
 * budget; a job being stopped interrupts them all.
 */
final class Parallel {

    /** How one task ended. */
    sealed interface Outcome<T> permits Done, Failed, TimedOut {}

    record Done<T>(T value) implements Outcome<T> {}

    record Failed<T>(Throwable cause) implements Outcome<T> {}

    record TimedOut<T>() implements Outcome<T> {}

    private final int concurrency;

    Parallel(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be positive: " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /**
     * The outcomes of {@code tasks}, in their order.
     *
     * @param remaining the time left, asked again before each wait
     * @throws InterruptedException when the calling job is stopped; every task is interrupted
     */
    <T> List<Outcome<T>> run(List<Callable<T>> tasks, Supplier<Duration> remaining) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        return task.call();
                    } finally {
                        permits.release();
                    }
                }));
            }
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                outcomes.add(await(future, remaining.get()));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> Outcome<T> await(Future<T> future, Duration wait) throws InterruptedException {
        try {
            return new Done<>(future.get(Math.max(wait.toMillis(), 0), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            return new Failed<>(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            return new TimedOut<>();
        }
    }
}
