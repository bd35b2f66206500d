package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.embed.Embedder;
import com.researchassistant.embed.StopSwitch;
import com.researchassistant.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoundEmbeddingTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final Foreground foreground = new Foreground(clock);
    private final RoundEmbedding embedding = new RoundEmbedding(foreground, 2);

    @AfterEach
    void close() {
        embedding.close();
    }

    @Test
    void the_other_core_goes_on_with_the_next_texts_while_one_text_takes_long() throws Exception {
        // given: "slow" is held until the three texts after it are embedded
        CountDownLatch othersDone = new CountDownLatch(3);
        LengthEmbedder embedder = new LengthEmbedder("slow", othersDone);

        // when
        CompletableFuture<List<float[]>> vectors = CompletableFuture.supplyAsync(
                () -> embedding.embed(embedder, List.of("slow", "a", "bb", "ccc")),
                runnable -> Thread.ofPlatform().start(runnable));

        // then: no lockstep (the three were embedded while "slow" waited), and the order is kept
        assertThat(vectors.get(10, TimeUnit.SECONDS))
                .extracting(vector -> vector[0])
                .containsExactly(4f, 1f, 2f, 3f);
        assertThat(embedder.alone).isTrue();
    }

    @Test
    void while_interactive_work_ran_shortly_before_every_text_is_embedded_on_the_calling_thread() {
        // given
        LengthEmbedder embedder = new LengthEmbedder("", new CountDownLatch(0));
        foreground.begin().close();

        // when
        List<float[]> vectors = embedding.embed(embedder, List.of("a", "bb"));

        // then
        assertThat(vectors).extracting(vector -> vector[0]).containsExactly(1f, 2f);
        assertThat(embedder.callerThreadTexts).hasValue(2);
    }

    @Test
    void a_failing_text_fails_the_round_once_the_texts_in_flight_are_done() {
        // given
        LengthEmbedder embedder = new LengthEmbedder("", new CountDownLatch(0));

        // when / then
        assertThatThrownBy(() -> embedding.embed(embedder, List.of("a", "fail", "c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fail");
    }

    @Test
    void interactive_work_that_begins_stops_the_running_call_and_the_text_is_embedded_again_after_it()
            throws Exception {
        // given: a text whose first call runs until it is stopped
        StoppableEmbedder embedder = new StoppableEmbedder();
        CompletableFuture<List<float[]>> vectors = CompletableFuture.supplyAsync(
                () -> embedding.embed(embedder, List.of("abcd")),
                runnable -> Thread.ofPlatform().start(runnable));
        assertThat(embedder.started.await(10, TimeUnit.SECONDS)).isTrue();

        // when: a search begins while it runs, then ends
        Foreground.Activity search = foreground.begin();
        assertThat(embedder.stopped.await(10, TimeUnit.SECONDS)).isTrue();
        search.close();

        // then: the text was embedded again, to the end
        assertThat(vectors.get(10, TimeUnit.SECONDS))
                .extracting(vector -> vector[0])
                .containsExactly(4f);
        assertThat(embedder.calls).hasValue(2);
    }

    /** The first call runs until its switch is turned, then fails as a terminated ONNX call does. */
    private static final class StoppableEmbedder implements Embedder {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public int dimensions() {
            return 1;
        }

        @Override
        public float[] embed(String text) {
            return LengthEmbedder.vector(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            return texts.stream().map(LengthEmbedder::vector).toList();
        }

        @Override
        public float[] embedAlone(String text, StopSwitch stop) {
            if (calls.incrementAndGet() > 1) {
                return LengthEmbedder.vector(text);
            }
            return stop.run(stopped::countDown, () -> {
                started.countDown();
                try {
                    assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                throw new IllegalStateException("terminated");
            });
        }
    }

    /** A text's vector is its length; {@code held} waits for the latch; "fail" is rejected. */
    private static final class LengthEmbedder implements Embedder {
        private final String held;
        private final CountDownLatch others;
        final AtomicBoolean alone = new AtomicBoolean(true);
        final AtomicInteger callerThreadTexts = new AtomicInteger();

        LengthEmbedder(String held, CountDownLatch others) {
            this.held = held;
            this.others = others;
        }

        @Override
        public int dimensions() {
            return 1;
        }

        @Override
        public float[] embed(String text) {
            return vector(text);
        }

        @Override
        public List<float[]> embedAll(List<String> texts) {
            if (texts.size() != 1) {
                alone.set(false);
            }
            if (!Thread.currentThread().getName().startsWith("onnx-embed-i")) {
                callerThreadTexts.incrementAndGet();
            }
            String text = texts.getFirst();
            if (text.equals(held)) {
                try {
                    assertThat(others.await(10, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                others.countDown();
            }
            return List.of(vector(text));
        }

        private static float[] vector(String text) {
            if (text.equals("fail")) {
                throw new IllegalArgumentException("cannot embed " + text);
            }
            return new float[] {text.length()};
        }
    }
}
