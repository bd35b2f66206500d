package com.researchassistant.bench;

import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link StubLlmServer} as the upstream model at a realistic pace: a streamed answer waits
 * {@code prefill} (the model's own time to first token), then sends {@code tokens} tokens
 * {@code perToken} apart; side calls (classification, summary, safety) are answered at once.
 * For each streamed request whose messages carry a {@code [bench:ID]} marker it records, in this
 * JVM's {@code System.nanoTime}, when the request arrived and when its first token was handed to
 * the socket (the stub writes the head and first chunk right after the responder returns).
 */
final class Upstream implements AutoCloseable {

    /** Stub-side times of one streamed request. */
    record Timing(long receivedNanos, long firstTokenNanos) {
        long ttftNanos() {
            return firstTokenNanos - receivedNanos;
        }
    }

    private static final Pattern MARKER = Pattern.compile("\\[bench:(\\d+)]");

    private static final StubResponse SIDE = StubResponse.completion("general");

    private final StubLlmServer stub = StubLlmServer.start();
    private final Map<Long, Timing> timings = new ConcurrentHashMap<>();
    private volatile StubResponse answer;
    private volatile Duration prefill;

    Upstream(int tokens, Duration perToken, Duration prefill) {
        pace(tokens, perToken, prefill);
        stub.respondByDefault(this::respond).stopRecording().keepAlive();
    }

    /** Changes the pace of the answers that start from now on. */
    void pace(int tokens, Duration perToken, Duration prefill) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < tokens; i++) {
            words.add(i == 0 ? "Token" : " w" + i);
        }
        this.answer = StubResponse.tokens(words, perToken);
        this.prefill = prefill;
    }

    private StubResponse respond(RecordedRequest request) {
        if (!StubLlmServer.streams(request)) {
            return SIDE;
        }
        StubResponse answer = this.answer;
        Duration prefill = this.prefill;
        long received = System.nanoTime();
        if (!prefill.isZero()) {
            try {
                Thread.sleep(prefill);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // the history repeats earlier markers: the newest message's marker is the last one
        Matcher marker = MARKER.matcher(request.body());
        String last = null;
        while (marker.find()) {
            last = marker.group(1);
        }
        if (last != null) {
            timings.put(Long.parseLong(last), new Timing(received, System.nanoTime()));
        }
        return answer;
    }

    URI url() {
        return stub.url();
    }

    Timing timing(long id) {
        return timings.get(id);
    }

    long requestCount() {
        return stub.requestCount();
    }

    @Override
    public void close() {
        stub.close();
    }
}
