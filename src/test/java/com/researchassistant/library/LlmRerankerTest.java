package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.LlmConfig;
import com.researchassistant.config.Secret;
import com.researchassistant.llm.OpenAiLlmClient;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The optional reranking stage against an in-process model server: it reorders, or leaves the order. */
class LlmRerankerTest {

    private final StubLlmServer stub = StubLlmServer.start();
    private final OpenAiLlmClient client = new OpenAiLlmClient(
            new LlmConfig(
                    stub.url(),
                    Optional.of(new Secret("hf_TestSecretToken0123456789")),
                    "test/model",
                    0.2,
                    Duration.ofSeconds(2),
                    1,
                    Duration.ofMillis(50),
                    Duration.ofMillis(100)),
            Clock.systemUTC());

    @AfterEach
    void stop_stub() {
        stub.close();
    }

    private static List<ScoredPassage> ranked(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new ScoredPassage(
                        new Passage("p" + i, "alice", "d" + i, "Title " + i, 0, "", "passage number " + i),
                        1.0 - i / 10.0))
                .toList();
    }

    private static List<String> ids(List<ScoredPassage> passages) {
        return passages.stream().map(s -> s.passage().id()).toList();
    }

    @Test
    void reorders_the_top_passages_as_the_model_answers_and_keeps_the_rest_in_place() {
        // given
        stub.enqueue(StubResponse.completion("3, 1"));
        LlmReranker reranker = new LlmReranker(client, "rerank/model", 3, Duration.ofSeconds(5));

        // when
        List<ScoredPassage> reranked = reranker.rerank("which passage", ranked(5));

        // then: 3 then 1 as named, 2 (left out) after them; 4 and 5 were not shown
        assertThat(ids(reranked)).containsExactly("p2", "p0", "p1", "p3", "p4");
        assertThat(reranked).extracting(ScoredPassage::score).containsExactly(1.0, 0.9, 0.8, 0.7, 0.6);
        assertThat(stub.requests()).hasSize(1);
        assertThat(stub.requests().getFirst().body())
                .contains("rerank/model", "which passage", "[3] Title 2")
                .doesNotContain("Title 3");
    }

    @Test
    void keeps_the_order_when_the_model_takes_longer_than_the_budget() {
        // given
        stub.enqueue(StubResponse.hangBeforeHeaders());
        LlmReranker reranker = new LlmReranker(client, "rerank/model", 5, Duration.ofMillis(200));

        // when
        List<ScoredPassage> reranked = reranker.rerank("which passage", ranked(5));

        // then
        assertThat(reranked).isEqualTo(ranked(5));
    }

    @Test
    void keeps_the_order_when_the_model_fails_or_answers_without_numbers() {
        // given
        stub.enqueue(StubResponse.json(500, "{\"error\":\"down\"}"));
        stub.enqueue(StubResponse.completion("I cannot rank these."));
        LlmReranker reranker = new LlmReranker(client, "rerank/model", 5, Duration.ofSeconds(5));

        // when
        List<ScoredPassage> afterFailure = reranker.rerank("which passage", ranked(5));
        List<ScoredPassage> afterProse = reranker.rerank("which passage", ranked(5));

        // then
        assertThat(afterFailure).isEqualTo(ranked(5));
        assertThat(afterProse).isEqualTo(ranked(5));
    }

    @Test
    void ignores_numbers_out_of_range_and_repeats() {
        // given / when
        List<ScoredPassage> reordered = LlmReranker.reorder(ranked(3), "[2], 2, 9, 0, 3");

        // then
        assertThat(ids(reordered)).containsExactly("p1", "p2", "p0");
    }
}
