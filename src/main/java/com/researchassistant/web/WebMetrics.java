package com.researchassistant.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The web layer's meters: requests, time to first token, admission and chat failures. */
final class WebMetrics {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)
    };

    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer firstToken;

    WebMetrics(MeterRegistry registry, Admission admission, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.firstToken = Timer.builder("ra.chat.time.to.first.token")
                .description("From receiving a message to writing its first answer token")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        Gauge.builder("ra.admission.queue.depth", admission, Admission::queued)
                .description("Chat requests waiting for a worker")
                .register(registry);
        Gauge.builder("ra.admission.running", admission, Admission::running)
                .description("Chat pipelines running")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("ra.admission.rejected", admission, Admission::rejected)
                .description("Chat requests refused with 429 because the queue was full")
                .register(registry);
    }

    /** The upload buffer's fill, its queue and its refusals. */
    void bindUploads(UploadBuffer buffer) {
        Gauge.builder("ra.upload.buffer.bytes", buffer, UploadBuffer::bytesInUse)
                .description("Bytes of library uploads being read and parsed now")
                .register(registry);
        Gauge.builder("ra.upload.waiting", buffer, UploadBuffer::waiting)
                .description("Library uploads waiting for room in the upload buffer")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("ra.upload.rejected", buffer, UploadBuffer::refused)
                .description("Library uploads refused with 429 after waiting for room")
                .register(registry);
    }

    void request(String method, String route, int status, Duration took) {
        Timer.builder("ra.http.requests")
                .description("HTTP requests by route and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(took);
    }

    /** Starts timing an answer's first token from now, when its request was received. */
    FirstToken received() {
        return new FirstToken(clock.instant());
    }

    /** Records the time from a request's receipt to its answer's first token, once. */
    final class FirstToken {
        private final Instant received;
        private boolean recorded;

        private FirstToken(Instant received) {
            this.received = received;
        }

        /** The answer wrote a token: the first one is recorded, later ones are not. */
        void token() {
            if (!recorded) {
                recorded = true;
                firstToken.record(Duration.between(received, clock.instant()));
            }
        }
    }

    void chatFailure(String code) {
        Counter.builder("ra.chat.failures")
                .description("Answers that failed, by cause (upstream errors by kind)")
                .tag("code", code)
                .register(registry)
                .increment();
    }
}
