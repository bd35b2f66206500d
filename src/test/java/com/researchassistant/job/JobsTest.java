package com.researchassistant.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsTest {

    private static final JobSettings SETTINGS =
            new JobSettings(1, 1, 1, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofDays(7));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final List<Jobs> opened = new ArrayList<>();
    private JobStore store;

    @BeforeEach
    void open_store() {
        store = JobStore.open(DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("jobs.db")), clock);
    }

    @AfterEach
    void close_all() {
        opened.forEach(Jobs::close);
        store.close();
    }

    private Jobs jobs(JobType type, JobSettings settings) {
        Jobs jobs = new Jobs(store, Job.Kind.RESEARCH, type, settings, clock).start();
        opened.add(jobs);
        return jobs;
    }

    /** Every event of the job until its end, read the way a client that follows it does. */
    private static List<JobEvent> follow(Jobs jobs, String owner, String jobId, long after)
            throws InterruptedException {
        List<JobEvent> all = new ArrayList<>();
        long seen = after;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Jobs.Batch batch =
                    jobs.events(owner, jobId, seen, Duration.ofMillis(200)).orElseThrow();
            all.addAll(batch.events());
            if (!batch.events().isEmpty()) {
                seen = batch.events().get(batch.events().size() - 1).seq();
            }
            if (batch.finished()) {
                return all;
            }
        }
        throw new AssertionError("job did not finish: " + all);
    }

    @Test
    void a_job_reports_its_steps_and_ends_with_done_and_its_result() throws Exception {
        // given
        Jobs jobs = jobs(
                context -> {
                    context.emit("step", "{\"n\":1}");
                    context.emit("step", "{\"n\":2}");
                    return "{\"steps\":2}";
                },
                SETTINGS);

        // when
        Job job = jobs.submit("alice", Optional.of("s1"), "{\"question\":\"why\"}");
        List<JobEvent> events = follow(jobs, "alice", job.id(), 0);

        // then
        assertThat(events).extracting(JobEvent::name).containsExactly("step", "step", "done");
        assertThat(events.get(2).data()).isEqualTo("{\"status\":\"done\",\"result\":{\"steps\":2}}");
        Job done = jobs.find("alice", job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Job.Status.DONE);
        assertThat(done.result()).contains("{\"steps\":2}");
    }

    @Test
    void a_reader_that_comes_back_gets_what_it_missed_and_nothing_twice() throws Exception {
        // given
        Jobs jobs = jobs(
                context -> {
                    for (int i = 1; i <= 4; i++) {
                        context.emit("step", "{\"n\":" + i + "}");
                    }
                    return "{}";
                },
                SETTINGS);
        Job job = jobs.submit("alice", Optional.of("s1"), "{}");
        follow(jobs, "alice", job.id(), 0);

        // when
        List<JobEvent> missed = follow(jobs, "alice", job.id(), 2);

        // then
        assertThat(missed).extracting(JobEvent::seq).containsExactly(3L, 4L, 5L);
        assertThat(missed).extracting(JobEvent::name).containsExactly("step", "step", "done");
    }

    @Test
    void another_owner_neither_reads_nor_stops_the_job() throws Exception {
        // given
        CountDownLatch release = new CountDownLatch(1);
        Jobs jobs = jobs(
                context -> {
                    release.await();
                    return "{}";
                },
                SETTINGS);
        Job job = jobs.submit("alice", Optional.of("s1"), "{}");

        // then
        assertThat(jobs.events("bob", job.id(), 0, Duration.ZERO)).isEmpty();
        assertThat(jobs.find("bob", job.id())).isEmpty();
        assertThat(jobs.cancel("bob", job.id())).isFalse();
        release.countDown();
        assertThat(follow(jobs, "alice", job.id(), 0))
                .extracting(JobEvent::name)
                .containsExactly("done");
    }

    @Test
    void one_person_may_run_one_job_while_others_start_theirs() throws Exception {
        // given
        CountDownLatch release = new CountDownLatch(1);
        Jobs jobs = jobs(
                context -> {
                    release.await();
                    return "{}";
                },
                new JobSettings(2, 2, 1, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofDays(7)));
        jobs.submit("alice", Optional.of("s1"), "{}");

        // when / then
        assertThatThrownBy(() -> jobs.submit("alice", Optional.of("s2"), "{}"))
                .isInstanceOfSatisfying(JobRefused.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(JobRefused.Reason.PER_IDENTITY);
                    assertThat(refused.retryAfterSeconds()).isPositive();
                });
        assertThat(jobs.submit("bob", Optional.of("s3"), "{}").status()).isEqualTo(Job.Status.QUEUED);
        release.countDown();
    }

    @Test
    void a_full_queue_refuses_the_next_job() {
        // given one worker busy and one job waiting
        CountDownLatch release = new CountDownLatch(1);
        Jobs jobs = jobs(
                context -> {
                    release.await();
                    return "{}";
                },
                new JobSettings(1, 1, 5, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofDays(7)));
        jobs.submit("alice", Optional.of("s1"), "{}");
        jobs.submit("bob", Optional.of("s2"), "{}");

        // when / then
        assertThatThrownBy(() -> jobs.submit("carol", Optional.of("s3"), "{}"))
                .isInstanceOfSatisfying(
                        JobRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(JobRefused.Reason.QUEUE_FULL));
        release.countDown();
    }

    @Test
    void cancelling_a_running_job_stops_it_and_ends_it_cancelled() throws Exception {
        // given
        CountDownLatch started = new CountDownLatch(1);
        Jobs jobs = jobs(
                context -> {
                    context.emit("step", "{}");
                    started.countDown();
                    new CountDownLatch(1).await(); // until interrupted
                    return "{}";
                },
                SETTINGS);
        Job job = jobs.submit("alice", Optional.of("s1"), "{}");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        boolean cancelled = jobs.cancel("alice", job.id());

        // then
        assertThat(cancelled).isTrue();
        assertThat(follow(jobs, "alice", job.id(), 0))
                .extracting(JobEvent::name)
                .containsExactly("step", "cancelled");
        assertThat(jobs.find("alice", job.id()).orElseThrow().status()).isEqualTo(Job.Status.CANCELLED);
        assertThat(jobs.cancel("alice", job.id())).isFalse();
    }

    @Test
    void a_job_that_stops_by_itself_when_cancelled_keeps_what_it_had() throws Exception {
        // given
        CountDownLatch started = new CountDownLatch(1);
        Jobs jobs = jobs(
                context -> {
                    started.countDown();
                    while (!context.cancelled()) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            // the cancel interrupts; the loop notices the flag
                        }
                    }
                    return "{\"partial\":true}";
                },
                SETTINGS);
        Job job = jobs.submit("alice", Optional.of("s1"), "{}");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        jobs.cancel("alice", job.id());

        // then
        List<JobEvent> events = follow(jobs, "alice", job.id(), 0);
        assertThat(events.get(events.size() - 1).data())
                .isEqualTo("{\"status\":\"cancelled\",\"result\":{\"partial\":true}}");
    }

    @Test
    void cancelling_a_queued_job_ends_it_before_it_runs() throws Exception {
        // given one worker busy
        CountDownLatch release = new CountDownLatch(1);
        List<String> ran = new ArrayList<>();
        Jobs jobs = jobs(
                context -> {
                    ran.add(context.job().owner());
                    release.await();
                    return "{}";
                },
                new JobSettings(1, 2, 5, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofDays(7)));
        jobs.submit("alice", Optional.of("s1"), "{}");
        Job waiting = jobs.submit("bob", Optional.of("s2"), "{}");

        // when
        jobs.cancel("bob", waiting.id());
        release.countDown();

        // then
        assertThat(follow(jobs, "bob", waiting.id(), 0))
                .extracting(JobEvent::name)
                .containsExactly("cancelled");
        assertThat(ran).doesNotContain("bob");
    }

    @Test
    void a_failure_is_reported_in_the_jobs_words_and_an_unexpected_one_without_internals() throws Exception {
        // given
        Jobs failing = jobs(
                context -> {
                    if (context.job().owner().equals("alice")) {
                        throw new JobFailed("No source could be reached.");
                    }
                    throw new IllegalStateException("secret internal detail");
                },
                new JobSettings(1, 4, 5, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofDays(7)));

        // when
        Job expected = failing.submit("alice", Optional.of("s1"), "{}");
        Job unexpected = failing.submit("bob", Optional.of("s2"), "{}");

        // then
        assertThat(follow(failing, "alice", expected.id(), 0).get(0).data())
                .isEqualTo("{\"status\":\"failed\",\"message\":\"No source could be reached.\"}");
        String message = follow(failing, "bob", unexpected.id(), 0).get(0).data();
        assertThat(message)
                .contains("\"status\":\"failed\"")
                .contains("unexpected error")
                .doesNotContain("secret");
        assertThat(failing.find("bob", unexpected.id()).orElseThrow().failure())
                .get()
                .asString()
                .doesNotContain("secret");
    }

    @Test
    void a_job_whose_instance_died_is_adopted_once_its_lease_runs_out_and_resumes_from_its_checkpoint()
            throws Exception {
        // given a job claimed by an instance that then died, after a checkpoint
        Job job = store.create(
                "alice",
                Job.Kind.RESEARCH,
                Optional.of("s1"),
                "{}",
                "dead-instance",
                clock.instant().plus(SETTINGS.lease()));
        store.append(job.id(), "step", "{\"n\":1}");
        store.checkpoint(job.id(), "{\"next\":2}");
        List<String> resumedFrom = new ArrayList<>();
        Jobs survivor = jobs(
                context -> {
                    resumedFrom.add(context.job().checkpoint().orElse("none"));
                    context.emit("step", "{\"n\":2}");
                    return "{}";
                },
                SETTINGS);

        // when the lease has not run out yet, nothing happens; then it does
        survivor.upkeep();
        assertThat(survivor.active()).isZero();
        clock.advance(SETTINGS.lease().plusSeconds(1));
        survivor.upkeep();

        // then
        assertThat(follow(survivor, "alice", job.id(), 0))
                .extracting(JobEvent::name)
                .containsExactly("step", "step", "done");
        assertThat(resumedFrom).containsExactly("{\"next\":2}");
    }

    @Test
    void a_job_stopped_by_a_shutdown_is_not_ended_and_is_resumed_at_once_by_the_next_instance() throws Exception {
        // given
        CountDownLatch started = new CountDownLatch(1);
        Jobs first = jobs(
                context -> {
                    started.countDown();
                    new CountDownLatch(1).await(); // until the shutdown interrupts
                    return "{}";
                },
                SETTINGS);
        Job job = first.submit("alice", Optional.of("s1"), "{}");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        first.close();

        // then
        assertThat(store.find("alice", job.id()).orElseThrow().status()).isEqualTo(Job.Status.RUNNING);
        Jobs next = jobs(context -> "{\"resumed\":true}", SETTINGS);
        next.upkeep();
        assertThat(follow(next, "alice", job.id(), 0))
                .extracting(JobEvent::name)
                .containsExactly("done");
    }

    @Test
    void a_cancel_received_by_another_instance_stops_the_job_where_it_runs() throws Exception {
        // given
        CountDownLatch started = new CountDownLatch(1);
        Jobs runner = jobs(
                context -> {
                    started.countDown();
                    new CountDownLatch(1).await();
                    return "{}";
                },
                SETTINGS);
        Jobs other = jobs(context -> "{}", SETTINGS);
        Job job = runner.submit("alice", Optional.of("s1"), "{}");
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        // when
        assertThat(other.cancel("alice", job.id())).isTrue();
        runner.upkeep();

        // then
        assertThat(follow(other, "alice", job.id(), 0))
                .extracting(JobEvent::name)
                .containsExactly("cancelled");
    }
}
