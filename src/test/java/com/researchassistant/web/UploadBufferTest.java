package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UploadBufferTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private CompletableFuture<UploadBuffer.Lease> reserveLater(UploadBuffer buffer, long bytes) {
        return CompletableFuture.supplyAsync(() -> buffer.reserve(bytes), threads);
    }

    @Test
    void many_small_uploads_share_the_buffer_without_waiting() {
        // given
        UploadBuffer buffer = new UploadBuffer(24 * 1024 * 1024, Duration.ZERO, clock);

        // when: four clients' worth of short documents at once, and then some
        List<UploadBuffer.Lease> leases = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            leases.add(buffer.reserve(1_700));
        }

        // then
        assertThat(buffer.bytesInUse()).isEqualTo(1_700_000);
        assertThat(buffer.refused()).isZero();
        leases.forEach(UploadBuffer.Lease::close);
        assertThat(buffer.bytesInUse()).isZero();
    }

    @Test
    void an_upload_that_does_not_fit_waits_its_turn_and_later_small_ones_queue_behind_it() throws Exception {
        // given
        UploadBuffer buffer = new UploadBuffer(100, Duration.ofSeconds(30), clock);
        UploadBuffer.Lease first = buffer.reserve(50);

        // when
        CompletableFuture<UploadBuffer.Lease> large = reserveLater(buffer, 60);
        Eventually.await(Duration.ofSeconds(10), () -> buffer.waiting() == 1, "the large upload waits");
        CompletableFuture<UploadBuffer.Lease> small = reserveLater(buffer, 10);
        Eventually.await(Duration.ofSeconds(10), () -> buffer.waiting() == 2, "the small one queues behind it");
        first.close();

        // then
        assertThat(large.get(10, TimeUnit.SECONDS).bytes()).isEqualTo(60);
        assertThat(small.get(10, TimeUnit.SECONDS).bytes()).isEqualTo(10);
        assertThat(buffer.bytesInUse()).isEqualTo(70);
        assertThat(buffer.waiting()).isZero();
    }

    @Test
    void an_upload_larger_than_the_buffer_gets_in_when_it_is_alone() throws Exception {
        // given
        UploadBuffer buffer = new UploadBuffer(100, Duration.ofSeconds(30), clock);
        UploadBuffer.Lease small = buffer.reserve(1);

        // when
        CompletableFuture<UploadBuffer.Lease> huge = reserveLater(buffer, 10_000);
        Eventually.await(Duration.ofSeconds(10), () -> buffer.waiting() == 1, "the huge upload waits");
        small.close();

        // then
        assertThat(huge.get(10, TimeUnit.SECONDS).bytes()).isEqualTo(100);
        assertThat(buffer.bytesInUse()).isEqualTo(100);
    }

    @Test
    void an_upload_still_without_room_after_the_wait_is_refused_with_a_retry_after_from_the_hold_times() {
        // given: uploads have held their bytes 6 s each, so the smoothed hold is 0.8 * 1 + 0.2 * 6 = 2 s, then 2.8 s
        UploadBuffer buffer = new UploadBuffer(100, Duration.ZERO, clock);
        for (int i = 0; i < 2; i++) {
            UploadBuffer.Lease lease = buffer.reserve(100);
            clock.advance(Duration.ofSeconds(6));
            lease.close();
        }
        UploadBuffer.Lease full = buffer.reserve(100);

        // then: the bytes in use leave within one smoothed hold of 2.8 s, and then 10 bytes fit
        assertThatThrownBy(() -> buffer.reserve(10)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("uploads_busy");
            assertThat(e.retryAfterSeconds()).isEqualTo(3);
        });
        assertThat(buffer.refused()).isEqualTo(1);
        assertThat(buffer.waiting()).isZero();
        full.close();
        assertThat(buffer.reserve(100).bytes()).isEqualTo(100);
    }

    @Test
    void a_waiting_upload_that_gives_up_lets_the_ones_behind_it_in() throws Exception {
        // given: the head of the queue gives up at once, the one behind it is patient
        UploadBuffer impatient = new UploadBuffer(100, Duration.ofMillis(1), clock);
        UploadBuffer.Lease held = impatient.reserve(90);

        // when
        assertThatThrownBy(() -> impatient.reserve(50)).isInstanceOf(ApiException.class);

        // then
        assertThat(impatient.waiting()).isZero();
        assertThat(impatient.reserve(10).bytes()).isEqualTo(10);
        held.close();
        assertThat(impatient.bytesInUse()).isEqualTo(10);
    }

    @Test
    void closing_a_lease_twice_releases_its_bytes_once() {
        // given
        UploadBuffer buffer = new UploadBuffer(100, Duration.ZERO, clock);
        UploadBuffer.Lease a = buffer.reserve(40);
        UploadBuffer.Lease b = buffer.reserve(40);

        // when
        a.close();
        a.close();

        // then
        assertThat(buffer.bytesInUse()).isEqualTo(40);
        b.close();
    }
}
