package com.researchassistant.job;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.db.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs of one kind: a bounded queue in front of a few workers, separate from chat
 * admission so that jobs never starve chat, and a per-person limit. Jobs live in the {@link
 * JobStore}, so they run independently of any connection, any instance can report on them and
 * cancel them, and a job whose instance died is adopted by another (or by the same after a
 * restart) once its lease runs out, and resumed from its last checkpoint.
 *
 * <p>Every job ends with exactly one of the events {@code done}, {@code failed} or {@code
 * cancelled}, whose data is {@code {"status", "result"?, "message"?}}.
 */
public final class Jobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String UNEXPECTED =
            "The job stopped on an unexpected error on our side; it has been logged. Please start it again.";

    private final JobStore store;
    private final Job.Kind kind;
    private final JobType type;
    private final JobSettings settings;
    private final Clock clock;
    private final String runner = Identifiers.newId();
    private final JobSignals signals = new JobSignals();
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Job> queued = new ConcurrentHashMap<>();
    private final ReentrantLock admission = new ReentrantLock();
    /** Jobs queued or running here, counted from enqueue to the end of their run. */
    private final AtomicInteger active = new AtomicInteger();

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closing;
    private Instant lastPurge = Instant.MIN;

    /** A job on a worker now. */
    private record Running(JobContext context, Thread thread) {}

    public Jobs(JobStore store, Job.Kind kind, JobType type, JobSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.type = Objects.requireNonNull(type, "type");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts the workers and the upkeep loop (which adopts orphaned jobs right away). */
    public Jobs start() {
        for (int i = 0; i < settings.workers(); i++) {
            threads.add(Thread.ofVirtual().name(kind.id() + "-job-", i).start(this::work));
        }
        threads.add(Thread.ofVirtual().name(kind.id() + "-jobs-upkeep").start(this::keepUp));
        return this;
    }

    /**
     * Records a new job and queues it here.
     *
     * @throws JobRefused when the person has too many unfinished jobs of this kind, or the queue is full
     */
    public Job submit(String owner, Optional<String> sessionId, String input) {
        admission.lock();
        try {
            if (active.get() >= settings.queueCapacity() + settings.workers()) {
                throw new JobRefused(JobRefused.Reason.QUEUE_FULL, settings.queueCapacity(), retryAfterSeconds());
            }
            if (store.unfinished(owner, kind) >= settings.perIdentity()) {
                throw new JobRefused(JobRefused.Reason.PER_IDENTITY, settings.perIdentity(), retryAfterSeconds());
            }
            Job job = store.create(owner, kind, sessionId, input, runner, leaseEnd());
            enqueue(job);
            return job;
        } finally {
            admission.unlock();
        }
    }

    /** The owner's job, as stored now. */
    public Optional<Job> find(String owner, String jobId) {
        return store.find(owner, jobId);
    }

    /** The owner's jobs of this kind, newest first. */
    public List<Job> list(String owner, int limit) {
        return store.list(owner, kind, limit);
    }

    /** The owner's jobs of this kind in one conversation, newest first. */
    public List<Job> listInSession(String owner, String sessionId, int limit) {
        return store.listInSession(owner, kind, sessionId, limit);
    }

    /**
     * Asks the owner's job to stop, here or on whichever instance runs it; false when there is no
     * such unfinished job. A queued job ends at once; a running one at its next check.
     */
    public boolean cancel(String owner, String jobId) {
        if (!store.requestCancel(owner, jobId)) {
            return false;
        }
        Job waiting = queued.remove(jobId);
        if (waiting != null) {
            queue.remove(waiting);
            active.decrementAndGet();
            end(jobId, Job.Status.CANCELLED, Optional.empty(), Optional.empty());
            return true;
        }
        Running job = running.get(jobId);
        if (job != null) {
            stop(job);
        }
        return true;
    }

    /**
     * The owner's job's events after {@code afterSeq}, waiting up to {@code wait} for one when
     * there is none yet; empty when the job does not exist. Never returns events of another owner's
     * job.
     */
    public Optional<Batch> events(String owner, String jobId, long afterSeq, Duration wait)
            throws InterruptedException {
        Optional<Job> job = store.find(owner, jobId);
        if (job.isEmpty()) {
            return Optional.empty();
        }
        var signal = signals.next(jobId);
        List<JobEvent> events = store.events(jobId, afterSeq);
        if (events.isEmpty() && !job.get().status().finished()) {
            try {
                // Another instance's job signals nothing here: poll at most every upkeep period.
                signal.get(Math.min(wait.toMillis(), settings.poll().toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // nothing new yet: the caller asks again
            }
            events = store.events(jobId, afterSeq);
        }
        // The job is read again after its events: read before, a job that ended in between would
        // look unfinished beside its last event, and the next batch would end empty.
        job = store.find(owner, jobId);
        long seen = lastSeq(events, afterSeq);
        boolean over =
                job.map(j -> j.status().finished() && j.lastEvent() <= seen).orElse(true);
        if (over) {
            signals.forget(jobId, signal);
        }
        return Optional.of(new Batch(events, over));
    }

    /**
     * Events read at once.
     *
     * @param finished whether these include the job's last event: there will be no more
     */
    public record Batch(List<JobEvent> events, boolean finished) {
        public Batch {
            events = List.copyOf(events);
        }
    }

    private static long lastSeq(List<JobEvent> events, long afterSeq) {
        return events.isEmpty() ? afterSeq : events.get(events.size() - 1).seq();
    }

    private void enqueue(Job job) {
        if (!running.containsKey(job.id()) && queued.putIfAbsent(job.id(), job) == null) {
            active.incrementAndGet();
            queue.add(job);
        }
    }

    private void work() {
        while (!closing) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (queued.remove(job.id()) != null) {
                try {
                    runQuietly(job);
                } finally {
                    active.decrementAndGet();
                }
            }
        }
    }

    private void runQuietly(Job job) {
        try {
            run(job);
        } catch (RuntimeException e) {
            // The store failed while starting or ending the job: it stays claimed and is adopted
            // again once its lease runs out.
            log.warn("{} job {}: {}", kind.id(), job.id(), e.toString());
        } finally {
            Thread.interrupted();
        }
    }

    private void run(Job queuedJob) {
        // Marks it running; false when another instance adopted it while it waited here too long.
        if (!store.claim(queuedJob.id(), runner, leaseEnd())) {
            return;
        }
        Optional<Job> current = store.get(queuedJob.id());
        if (current.isEmpty() || current.get().status().finished()) {
            return;
        }
        Job job = current.get();
        JobContext context = new JobContext(job, store, signals, clock);
        if (context.cancelled()) {
            end(job.id(), Job.Status.CANCELLED, Optional.empty(), Optional.empty());
            return;
        }
        running.put(job.id(), new Running(context, Thread.currentThread()));
        try {
            String result = type.run(context);
            end(
                    job.id(),
                    context.cancelled() ? Job.Status.CANCELLED : Job.Status.DONE,
                    Optional.of(result),
                    Optional.empty());
        } catch (InterruptedException | RuntimeException e) {
            if (closing && !context.cancelled()) {
                log.info("{} job {} stopped by shutdown; it resumes later", kind.id(), job.id());
                return;
            }
            switch (e) {
                case InterruptedException cancelled ->
                    end(job.id(), Job.Status.CANCELLED, Optional.empty(), Optional.empty());
                case JobFailed failed ->
                    end(job.id(), Job.Status.FAILED, Optional.empty(), Optional.of(failed.getMessage()));
                default -> {
                    log.error("{} job {} failed", kind.id(), job.id(), e);
                    end(job.id(), Job.Status.FAILED, Optional.empty(), Optional.of(UNEXPECTED));
                }
            }
        } finally {
            running.remove(job.id());
        }
    }

    private void end(String jobId, Job.Status status, Optional<String> result, Optional<String> failure) {
        Thread.interrupted(); // the last write must not be cut short by the cancel that caused it
        ObjectNode data = JSON.createObjectNode().put("status", status.id());
        try {
            if (result.isPresent()) {
                data.set("result", JSON.readTree(result.get()));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a " + kind.id() + " job's result is not JSON", e);
        }
        failure.ifPresent(message -> data.put("message", message));
        String name = switch (status) {
            case DONE -> "done";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case QUEUED, RUNNING -> throw new IllegalArgumentException("not an end: " + status);
        };
        store.finish(jobId, status, result, failure, name, data.toString());
        signals.fire(jobId);
    }

    private void stop(Running job) {
        job.context().cancel();
        job.thread().interrupt();
    }

    /** Renews leases, carries out cancel requests made elsewhere, adopts orphans, purges old jobs. */
    private void keepUp() {
        while (!closing) {
            try {
                upkeep();
                Thread.sleep(settings.poll());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("{} jobs upkeep failed; trying again: {}", kind.id(), e.toString());
                try {
                    Thread.sleep(settings.poll());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** One round of upkeep; the loop calls it every {@link JobSettings#poll()}, tests call it directly. */
    void upkeep() {
        List<String> mine = new ArrayList<>(running.keySet());
        mine.addAll(queued.keySet());
        store.renew(mine, runner, leaseEnd());
        for (String jobId : store.cancelRequested(List.copyOf(running.keySet()))) {
            Running job = running.get(jobId);
            if (job != null && !job.context().cancelled()) {
                log.debug("{} job {}: stop requested through another instance", kind.id(), jobId);
                stop(job);
            }
        }
        adoptOrphans();
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(settings.retention().dividedBy(24)) > 0) {
            lastPurge = now;
            int purged = store.purgeFinishedBefore(now.minus(settings.retention()));
            if (purged > 0) {
                log.info("Purged {} finished jobs", purged);
            }
        }
    }

    private void adoptOrphans() {
        int room = settings.queueCapacity() + settings.workers() - active.get();
        if (room <= 0 || closing) {
            return;
        }
        for (Job orphan : store.orphaned(room)) {
            if (orphan.kind() == kind && store.claim(orphan.id(), runner, leaseEnd())) {
                log.info("{} job {} adopted: its instance stopped before it finished", kind.id(), orphan.id());
                enqueue(orphan);
            }
        }
    }

    private Instant leaseEnd() {
        return clock.instant().plus(settings.lease());
    }

    /** A guess of when room frees up: one poll period, at least a second. */
    private long retryAfterSeconds() {
        return Math.max(1, settings.poll().toSeconds());
    }

    /** Jobs of this kind running or queued on this instance. */
    public int active() {
        return active.get();
    }

    /**
     * Stops taking work. Running jobs are interrupted but not ended: their leases are given up so
     * that the next instance (or this one after a restart) resumes them at once.
     */
    @Override
    public void close() {
        closing = true;
        List<String> mine = new ArrayList<>(running.keySet());
        mine.addAll(queued.keySet());
        threads.forEach(Thread::interrupt);
        running.values().forEach(job -> job.thread().interrupt());
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            store.renew(mine, runner, clock.instant().minusMillis(1));
        } catch (RuntimeException e) {
            log.warn("{} jobs: leases left to run out: {}", kind.id(), e.toString());
        }
    }
}
