package com.researchassistant.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every database under the {@link JobStore} must do alike (SQLite and PostgreSQL). */
abstract class JobStoreContract {

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    protected JobStore store;

    protected abstract JobStore open(MutableClock clock);

    @BeforeEach
    void open_store() {
        store = open(clock);
    }

    @AfterEach
    void close_store() {
        store.close();
    }

    /** A job whose creator's lease has already run out: free for any runner to claim. */
    private Job create(String owner, Job.Kind kind, Optional<String> sessionId, String input) {
        return store.create(
                owner, kind, sessionId, input, "creator", clock.instant().minusSeconds(1));
    }

    @Test
    void a_new_job_is_claimed_by_its_creator_until_the_lease_runs_out() {
        // given
        Job job = store.create(
                "alice",
                Job.Kind.RESEARCH,
                Optional.of("s1"),
                "{}",
                "creator",
                clock.instant().plusSeconds(30));

        // then
        assertThat(store.orphaned(10)).isEmpty();
        assertThat(store.claim(job.id(), "another", clock.instant().plusSeconds(30)))
                .isFalse();
        clock.advance(Duration.ofSeconds(31));
        assertThat(store.orphaned(10)).extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void a_new_job_is_queued_and_only_its_owner_finds_it() {
        // when
        Job job = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{\"question\":\"q\"}");

        // then
        assertThat(job.status()).isEqualTo(Job.Status.QUEUED);
        assertThat(store.find("alice", job.id())).get().satisfies(found -> {
            assertThat(found.input()).isEqualTo("{\"question\":\"q\"}");
            assertThat(found.sessionId()).contains("s1");
            assertThat(found.kind()).isEqualTo(Job.Kind.RESEARCH);
            assertThat(found.lastEvent()).isZero();
        });
        assertThat(store.find("bob", job.id())).isEmpty();
        assertThat(store.find("alice", "no-such-job")).isEmpty();
    }

    @Test
    void events_are_numbered_in_order_and_replayed_after_a_given_seq() {
        // given
        Job job = create("alice", Job.Kind.IMPORT, Optional.empty(), "{}");

        // when
        for (int i = 1; i <= 5; i++) {
            assertThat(store.append(job.id(), "progress", "{\"n\":" + i + "}"))
                    .get()
                    .extracting(JobEvent::seq)
                    .isEqualTo((long) i);
        }

        // then
        assertThat(store.events(job.id(), 0)).extracting(JobEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(store.events(job.id(), 3)).extracting(JobEvent::data).containsExactly("{\"n\":4}", "{\"n\":5}");
        assertThat(store.events(job.id(), 5)).isEmpty();
        assertThat(store.find("alice", job.id()).orElseThrow().lastEvent()).isEqualTo(5);
    }

    @Test
    void a_finished_job_takes_its_last_event_and_no_more() {
        // given
        Job job = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        store.append(job.id(), "plan", "{}");

        // when
        boolean finished = store.finish(
                job.id(),
                Job.Status.DONE,
                Optional.of("{\"ok\":true}"),
                Optional.empty(),
                "done",
                "{\"status\":\"done\"}");

        // then
        assertThat(finished).isTrue();
        assertThat(store.finish(job.id(), Job.Status.FAILED, Optional.empty(), Optional.of("late"), "failed", "{}"))
                .isFalse();
        assertThat(store.append(job.id(), "late", "{}")).isEmpty();
        assertThat(store.events(job.id(), 0)).extracting(JobEvent::name).containsExactly("plan", "done");
        Job done = store.find("alice", job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(Job.Status.DONE);
        assertThat(done.result()).contains("{\"ok\":true}");
        assertThat(done.lastEvent()).isEqualTo(2);
        assertThatThrownBy(
                        () -> store.finish(job.id(), Job.Status.RUNNING, Optional.empty(), Optional.empty(), "x", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_claim_holds_until_its_lease_runs_out_and_then_the_job_is_an_orphan() {
        // given
        Job job = create("alice", Job.Kind.IMPORT, Optional.empty(), "{}");
        assertThat(store.orphaned(10)).extracting(Job::id).containsExactly(job.id());

        // when
        assertThat(store.claim(job.id(), "runner-a", clock.instant().plusSeconds(30)))
                .isTrue();

        // then
        assertThat(store.claim(job.id(), "runner-b", clock.instant().plusSeconds(30)))
                .isFalse();
        assertThat(store.orphaned(10)).isEmpty();
        assertThat(store.find("alice", job.id()).orElseThrow().status()).isEqualTo(Job.Status.RUNNING);
        clock.advance(Duration.ofSeconds(20));
        store.renew(List.of(job.id()), "runner-a", clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.orphaned(10)).isEmpty();
        clock.advance(Duration.ofSeconds(11));
        assertThat(store.orphaned(10)).extracting(Job::id).containsExactly(job.id());
        assertThat(store.claim(job.id(), "runner-b", clock.instant().plusSeconds(30)))
                .isTrue();
    }

    @Test
    void a_checkpoint_is_kept_for_the_run_that_resumes() {
        // given
        Job job = create("alice", Job.Kind.IMPORT, Optional.empty(), "{}");

        // when
        store.checkpoint(job.id(), "{\"done\":[\"a.pdf\"]}");

        // then
        assertThat(store.find("alice", job.id()).orElseThrow().checkpoint()).contains("{\"done\":[\"a.pdf\"]}");
    }

    @Test
    void only_the_owner_can_ask_an_unfinished_job_to_stop() {
        // given
        Job job = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        Job other = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");

        // when / then
        assertThat(store.requestCancel("bob", job.id())).isFalse();
        assertThat(store.requestCancel("alice", job.id())).isTrue();
        assertThat(store.cancelRequested(List.of(job.id(), other.id()))).containsExactly(job.id());
        store.finish(job.id(), Job.Status.CANCELLED, Optional.empty(), Optional.empty(), "cancelled", "{}");
        assertThat(store.requestCancel("alice", job.id())).isFalse();
    }

    @Test
    void unfinished_jobs_are_counted_per_owner_and_kind() {
        // given
        Job first = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        create("alice", Job.Kind.IMPORT, Optional.empty(), "{}");
        create("bob", Job.Kind.RESEARCH, Optional.of("s2"), "{}");

        // when
        store.finish(first.id(), Job.Status.DONE, Optional.of("{}"), Optional.empty(), "done", "{}");

        // then
        assertThat(store.unfinished("alice", Job.Kind.RESEARCH)).isEqualTo(1);
        assertThat(store.unfinished("alice", Job.Kind.IMPORT)).isEqualTo(1);
        assertThat(store.list("alice", Job.Kind.RESEARCH, 10)).hasSize(2);
    }

    @Test
    void a_conversations_jobs_are_listed_newest_first_for_their_owner_and_kind_only() {
        // given
        Job older = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        clock.advance(Duration.ofSeconds(1));
        Job newer = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        create("alice", Job.Kind.RESEARCH, Optional.of("s2"), "{}");
        create("alice", Job.Kind.IMPORT, Optional.of("s1"), "{}");
        create("bob", Job.Kind.RESEARCH, Optional.of("s1"), "{}");

        // when
        List<Job> listed = store.listInSession("alice", Job.Kind.RESEARCH, "s1", 10);

        // then
        assertThat(listed).extracting(Job::id).containsExactly(newer.id(), older.id());
        assertThat(store.listInSession("alice", Job.Kind.RESEARCH, "s1", 1))
                .extracting(Job::id)
                .containsExactly(newer.id());
        assertThat(store.listInSession("carol", Job.Kind.RESEARCH, "s1", 10)).isEmpty();
    }

    @Test
    void finished_jobs_and_their_events_are_purged_after_the_cutoff_and_unfinished_ones_never() {
        // given
        Job old = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        store.append(old.id(), "plan", "{}");
        store.finish(old.id(), Job.Status.DONE, Optional.of("{}"), Optional.empty(), "done", "{}");
        Job stuck = create("alice", Job.Kind.RESEARCH, Optional.of("s1"), "{}");
        clock.advance(Duration.ofDays(10));
        Job recent = create("alice", Job.Kind.IMPORT, Optional.empty(), "{}");
        store.finish(recent.id(), Job.Status.FAILED, Optional.empty(), Optional.of("x"), "failed", "{}");

        // when
        int purged = store.purgeFinishedBefore(clock.instant().minus(Duration.ofDays(7)));

        // then
        assertThat(purged).isEqualTo(1);
        assertThat(store.find("alice", old.id())).isEmpty();
        assertThat(store.events(old.id(), 0)).isEmpty();
        assertThat(store.find("alice", stuck.id())).isPresent();
        assertThat(store.find("alice", recent.id())).isPresent();
    }

    @Test
    void jobs_move_to_a_linked_account_only_once_none_is_unfinished() {
        // given
        Job running = create("phone", Job.Kind.IMPORT, Optional.empty(), "{}");

        // when / then: a queued job keeps everything where it is
        assertThat(store.transferOwner("phone", "laptop")).isFalse();
        assertThat(store.find("phone", running.id())).isPresent();

        // when
        store.finish(running.id(), Job.Status.DONE, Optional.of("{}"), Optional.empty(), "done", "{}");
        boolean moved = store.transferOwner("phone", "laptop");

        // then
        assertThat(moved).isTrue();
        assertThat(store.find("phone", running.id())).isEmpty();
        assertThat(store.find("laptop", running.id())).isPresent();
    }
}
