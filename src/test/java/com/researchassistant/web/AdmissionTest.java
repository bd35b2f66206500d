package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.AdmissionConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void runs_up_to_max_workers_then_queues_then_refuses() {
        // given
        Admission admission = new Admission(new AdmissionConfig(2, 1), Clock.systemUTC());

        // when
        Optional<Admission.Ticket> a = admission.tryEnter();
        Optional<Admission.Ticket> b = admission.tryEnter();
        Optional<Admission.Ticket> c = admission.tryEnter();
        Optional<Admission.Ticket> d = admission.tryEnter();

        // then
        assertThat(a).get().extracting(Admission.Ticket::granted).isEqualTo(true);
        assertThat(b).get().extracting(Admission.Ticket::granted).isEqualTo(true);
        assertThat(c).get().extracting(Admission.Ticket::granted).isEqualTo(false);
        assertThat(d).isEmpty();
        assertThat(admission.running()).isEqualTo(2);
        assertThat(admission.queued()).isEqualTo(1);
        assertThat(admission.rejected()).isEqualTo(1);
        assertThat(admission.retryAfterSeconds()).isBetween(1L, 120L);
    }

    @Test
    void a_request_that_would_wait_past_its_timeout_is_refused_at_once() {
        // given: one worker, room for ten in the queue, an answer taking 5 s before anything is measured
        Admission admission = new Admission(new AdmissionConfig(1, 10), Clock.systemUTC());
        Duration mobileTimeout = Duration.ofSeconds(12);

        // when
        Optional<Admission.Ticket> running = admission.tryEnter(mobileTimeout);
        Optional<Admission.Ticket> waitsFive = admission.tryEnter(mobileTimeout);
        Optional<Admission.Ticket> waitsTen = admission.tryEnter(mobileTimeout);
        Optional<Admission.Ticket> wouldWaitFifteen = admission.tryEnter(mobileTimeout);
        Optional<Admission.Ticket> patient = admission.tryEnter(Duration.ofSeconds(30));

        // then
        assertThat(running).get().extracting(Admission.Ticket::granted).isEqualTo(true);
        assertThat(waitsFive).isPresent();
        assertThat(waitsTen).isPresent();
        assertThat(wouldWaitFifteen).isEmpty();
        assertThat(patient).isPresent();
        assertThat(admission.queued()).isEqualTo(3);
        assertThat(admission.rejected()).isEqualTo(1);
        assertThat(admission.retryAfterSeconds()).isEqualTo(20);
    }

    @Test
    void a_finished_request_hands_its_worker_to_the_first_in_line() throws InterruptedException {
        // given
        Admission admission = new Admission(new AdmissionConfig(1, 2), Clock.systemUTC());
        Admission.Ticket running = admission.tryEnter().orElseThrow();
        Admission.Ticket first = admission.tryEnter().orElseThrow();
        Admission.Ticket second = admission.tryEnter().orElseThrow();

        // when
        running.close();

        // then
        assertThat(first.await(Duration.ZERO)).isTrue();
        assertThat(second.await(Duration.ofMillis(1))).isFalse();
        assertThat(admission.running()).isEqualTo(1);
        assertThat(admission.queued()).isEqualTo(1);
    }

    @Test
    void a_waiting_request_that_leaves_gives_its_place_back() {
        // given
        Admission admission = new Admission(new AdmissionConfig(1, 1), Clock.systemUTC());
        Admission.Ticket running = admission.tryEnter().orElseThrow();
        Admission.Ticket waiting = admission.tryEnter().orElseThrow();
        assertThat(admission.tryEnter()).isEmpty();

        // when
        waiting.close();

        // then
        assertThat(admission.queued()).isZero();
        assertThat(admission.tryEnter()).isPresent();
        running.close();
    }

    @Test
    void newcomers_do_not_overtake_the_queue() {
        // given
        Admission admission = new Admission(new AdmissionConfig(1, 5), Clock.systemUTC());
        Admission.Ticket running = admission.tryEnter().orElseThrow();
        Admission.Ticket queued = admission.tryEnter().orElseThrow();

        // when
        running.close();
        Admission.Ticket late = admission.tryEnter().orElseThrow();

        // then
        assertThat(queued.granted()).isTrue();
        assertThat(late.granted()).isFalse();
    }

    @Test
    void closing_twice_releases_once() {
        Admission admission = new Admission(new AdmissionConfig(1, 0), Clock.systemUTC());
        Admission.Ticket ticket = admission.tryEnter().orElseThrow();

        ticket.close();
        ticket.close();

        assertThat(admission.running()).isZero();
    }
}
