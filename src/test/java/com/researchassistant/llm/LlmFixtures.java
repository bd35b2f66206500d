package com.researchassistant.llm;

import com.researchassistant.config.LlmConfig;
import com.researchassistant.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** Shared requests, configs and sinks of the llm tests. */
final class LlmFixtures {

    static final String TOKEN = "hf_TestSecretToken0123456789";

    private LlmFixtures() {}

    static LlmConfig config(URI baseUrl, int maxAttempts) {
        return new LlmConfig(
                baseUrl,
                Optional.of(new Secret(TOKEN)),
                "test/model",
                0.2,
                Duration.ofSeconds(2),
                maxAttempts,
                Duration.ofMillis(500),
                Duration.ofSeconds(4));
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest(
                "test/model",
                List.of(ChatMessage.system("You are brief."), ChatMessage.user("What is deep learning?")),
                64,
                0.3,
                timeout);
    }

    static LlmRequest request() {
        return request(Duration.ofSeconds(10));
    }

    /**
     * A jitter source whose every draw makes a backoff wait {@code share} of its ceiling ({@link
     * RetryPolicy} waits 1 - nextDouble() of it): 1 waits the whole ceiling.
     */
    static RandomGenerator drawing(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1]: " + share);
        }
        // nextDouble() is the top 53 bits of nextLong() scaled to [0, 1)
        long bits = (long) ((1.0 - share) * 0x1.0p53) << 11;
        return () -> bits;
    }

    /** Records what a stream emits. */
    static final class CollectingSink implements Consumer<LlmEvent> {

        final List<LlmEvent> events = new ArrayList<>();

        @Override
        public void accept(LlmEvent event) {
            events.add(event);
        }

        String text() {
            StringBuilder text = new StringBuilder();
            for (LlmEvent event : events) {
                switch (event) {
                    case LlmEvent.Token token -> text.append(token.text());
                    case LlmEvent.Finished finished -> {}
                }
            }
            return text.toString();
        }

        List<LlmEvent.Token> tokens() {
            List<LlmEvent.Token> tokens = new ArrayList<>();
            for (LlmEvent event : events) {
                switch (event) {
                    case LlmEvent.Token token -> tokens.add(token);
                    case LlmEvent.Finished finished -> {}
                }
            }
            return tokens;
        }

        /** The last event, which must be the only Finished. */
        LlmEvent.Finished finished() {
            LlmEvent last = events.getLast();
            return switch (last) {
                case LlmEvent.Finished finished -> finished;
                case LlmEvent.Token token -> throw new AssertionError("the stream did not finish: " + events);
            };
        }
    }
}
