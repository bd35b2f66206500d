package com.researchassistant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream model for research benchmarks, at a realistic pace: every streamed answer waits
 * {@code prefill}, then sends its tokens {@code perToken} apart. A research plan is JSON naming
 * the sub-questions asked for; a report section fills 80 % of the tokens it may use, citing
 * sources; a chat answer (a message carrying a {@code [bench:ID]} marker) is 60 tokens, and its
 * stub-side time to first token is recorded as {@link Upstream} does. Keeps the model time it
 * streamed, so a benchmark can tell it from the server's own.
 */
final class ResearchUpstream implements AutoCloseable {

    record Timing(long receivedNanos, long firstTokenNanos) {
        long ttftNanos() {
            return firstTokenNanos - receivedNanos;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("\\[bench:(\\d+)]");
    private static final Pattern WORD = Pattern.compile("\\s*\\S+");
    private static final Pattern MOST = Pattern.compile("between 3 and (\\d)");
    private static final Pattern QUESTION = Pattern.compile("Research question: ([^\\n\"]+)");
    private static final String[] ANGLES = {
        "What is the evidence on",
        "Which methods study",
        "What limits findings on",
        "How do results differ for",
        "What recent work exists on",
        "What practical advice follows from",
        "Which populations were studied for",
        "What remains unknown about"
    };

    private final StubLlmServer stub = StubLlmServer.start();
    private final Duration perToken;
    private final Duration prefill;
    private final Map<Long, Timing> timings = new ConcurrentHashMap<>();
    private final AtomicLong modelNanos = new AtomicLong();
    private final AtomicLong researchCalls = new AtomicLong();

    ResearchUpstream(Duration perToken, Duration prefill) {
        this.perToken = perToken;
        this.prefill = prefill;
        stub.respondByDefault(this::respond).stopRecording().keepAlive();
    }

    private StubResponse respond(RecordedRequest request) {
        if (!StubLlmServer.streams(request)) {
            return StubResponse.completion("general");
        }
        long received = System.nanoTime();
        List<String> tokens = tokens(request.body());
        sleep(prefill);
        Matcher marker = MARKER.matcher(request.body());
        String last = null;
        while (marker.find()) {
            last = marker.group(1);
        }
        if (last != null) {
            timings.put(Long.parseLong(last), new Timing(received, System.nanoTime()));
        } else {
            researchCalls.incrementAndGet();
            modelNanos.addAndGet(prefill.toNanos() + perToken.toNanos() * tokens.size());
        }
        return new StubResponse(
                200,
                Map.of("Content-Type", "text/event-stream"),
                chunks(tokens, promptTokens(request.body())),
                perToken,
                StubResponse.Ending.COMPLETE);
    }

    /** OpenAI chunks of {@code tokens}, then usage as an upstream counts it, then [DONE]. */
    private static List<byte[]> chunks(List<String> tokens, int promptTokens) {
        List<byte[]> events = new ArrayList<>();
        for (String token : tokens) {
            ObjectNode chunk = JSON.createObjectNode().put("id", "bench").put("object", "chat.completion.chunk");
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("content", token);
            choice.putNull("finish_reason");
            events.add(("data: " + chunk + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        ObjectNode last = JSON.createObjectNode().put("id", "bench").put("object", "chat.completion.chunk");
        last.putArray("choices")
                .addObject()
                .put("index", 0)
                .put("finish_reason", "stop")
                .putObject("delta");
        last.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", tokens.size())
                .put("total_tokens", promptTokens + tokens.size());
        events.add(("data: " + last + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        return events;
    }

    /** About four characters a token, as English runs with the usual tokenizers. */
    private static int promptTokens(String body) {
        try {
            int tokens = 0;
            for (JsonNode message : JSON.readTree(body).path("messages")) {
                tokens += 4 + message.path("content").asText().length() / 4;
            }
            return tokens;
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<String> tokens(String body) {
        List<String> tokens = new ArrayList<>();
        if (body.contains("You plan research")) {
            Matcher most = MOST.matcher(body);
            int count = most.find() ? Integer.parseInt(most.group(1)) : 3;
            Matcher question = QUESTION.matcher(body);
            String topic = question.find() ? question.group(1).replaceAll("[?.]+$", "") : "the question";
            StringBuilder json = new StringBuilder("{\"subQuestions\": [");
            for (int i = 0; i < count; i++) {
                json.append(i > 0 ? ", " : "")
                        .append('"')
                        .append(ANGLES[i % ANGLES.length])
                        .append(' ')
                        .append(topic.toLowerCase(java.util.Locale.ROOT))
                        .append("?\"");
            }
            Matcher word = WORD.matcher(json.append("]}"));
            while (word.find()) {
                tokens.add(word.group());
            }
            return tokens;
        }
        if (MARKER.matcher(body).find()) {
            for (int i = 0; i < 60; i++) {
                tokens.add(i == 0 ? "Token" : " w" + i);
            }
            return tokens;
        }
        int n = (int) (maxTokens(body) * 0.8);
        for (int i = 0; i < n; i++) {
            tokens.add(i % 20 == 19 ? " [" + (1 + i / 20 % 3) + "]." : i % 60 == 59 ? "\n\nNext" : " word" + i);
        }
        return tokens;
    }

    private static int maxTokens(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.path("max_tokens").asInt(200);
        } catch (IOException e) {
            return 200;
        }
    }

    private static void sleep(Duration time) {
        if (time.isZero()) {
            return;
        }
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI url() {
        return stub.url();
    }

    Timing timing(long id) {
        return timings.get(id);
    }

    /** Model time streamed for research calls so far (prefill plus tokens), nanoseconds. */
    long modelNanos() {
        return modelNanos.get();
    }

    long researchCalls() {
        return researchCalls.get();
    }

    @Override
    public void close() {
        stub.close();
    }
}
