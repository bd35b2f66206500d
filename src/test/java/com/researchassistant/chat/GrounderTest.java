package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.FakeEmbedder;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GrounderTest {

    @Test
    void citations_do_not_repeat_the_document_title_in_the_location() {
        assertThat(Grounder.withoutTitle("Sleep notes > Methods > Sampling", "Sleep notes"))
                .isEqualTo("Methods > Sampling");
        assertThat(Grounder.withoutTitle("Sleep notes", "Sleep notes")).isEmpty();
        assertThat(Grounder.withoutTitle("p. 3", "Sleep notes")).isEqualTo("p. 3");
        assertThat(Grounder.withoutTitle("Sleep notes extra > A", "Sleep notes"))
                .isEqualTo("Sleep notes extra > A");
    }

    @Test
    void snippets_are_flattened_and_shortened() {
        assertThat(Grounder.snippet("  a\n\n b  ")).isEqualTo("a b");
        assertThat(Grounder.snippet("x".repeat(500))).hasSize(240).endsWith("…");
    }

    @Test
    void semantic_memory_looks_at_a_bounded_window_of_the_newest_turns() {
        // given: a conversation far longer than the window, its oldest turn the best match
        FakeEmbedder embedder = new FakeEmbedder();
        Grounder grounder =
                new Grounder((owner, query, k) -> List.of(), embedder, new GroundingSettings(3, 2, 0.0, 0.1));
        List<Turn> older = IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> new Turn(
                        "t" + i,
                        i,
                        Instant.EPOCH,
                        NewTurn.user(i == 1 ? "tidal barrage sediment" : "question number " + i, "desktop")))
                .toList();

        // when
        Grounding grounding = grounder.ground("owner", "tidal barrage sediment", older, 10_000);

        // then: one embedding for the message and one per turn in the window, however long the history
        assertThat(embedder.textsEmbedded()).isEqualTo(1 + Grounder.MEMORY_WINDOW);
        assertThat(grounding.sources())
                .isNotEmpty()
                .noneSatisfy(source -> assertThat(source.snippet()).contains("tidal barrage sediment"));
    }
}
