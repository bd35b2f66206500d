package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.ReasoningInput.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReasoningBuilderTest {

    private static final IntentResult SURE = new IntentResult(
            Intent.ANALYSIS_RESEARCH, 0.9, Optional.of(Intent.EDUCATION_LEARNING), IntentResult.Method.MODEL);
    private static final Expertise CLINICIAN =
            new Expertise("medical_researcher", "Clinician and medical researcher", 0.7, "Answer as a clinician.");
    private static final List<Source> SOURCES = List.of(
            new Source(1, Source.LIBRARY, "d1", "Sleep notes", "p. 3", "Sleep replays...", 0.9),
            new Source(2, Source.LIBRARY, "d2", "Memory review", "", "Consolidation...", 0.8));
    private static final String ANSWER =
            "Sleep helps memory consolidation [1]. Replay happens in slow-wave sleep" + " [1][2]. Naps may help too.";

    private final ReasoningBuilder builder = new ReasoningBuilder();

    private static ReasoningInput input(
            IntentResult intent,
            List<Source> sources,
            String answer,
            Origin origin,
            List<SafetyNote> notes,
            List<TraceStep> trace) {
        return new ReasoningInput(intent, CLINICIAN, sources, answer, origin, notes, trace);
    }

    @Test
    void a_cited_model_answer_gives_hypothesis_evidence_and_high_confidence() {
        // when
        var reasoning = builder.build(input(SURE, SOURCES, ANSWER, Origin.MODEL, List.of(), List.of()));

        // then
        assertThat(reasoning.hypothesis()).isEqualTo("Sleep helps memory consolidation.");
        assertThat(reasoning.evidence())
                .containsExactly(
                        "Sleep helps memory consolidation [1] (Sleep notes, p. 3)",
                        "Replay happens in slow-wave sleep [1][2] (Sleep notes, p. 3; Memory review)");
        assertThat(reasoning.confidence()).isGreaterThan(0.75);
        assertThat(reasoning.alternatives())
                .containsExactly("The question could also be read as a request for an explanation to learn from.");
        assertThat(reasoning.uncertainty()).isEmpty();
    }

    @Test
    void documents_found_but_left_uncited_are_named_as_further_reading_once_each() {
        // given
        var sources = List.of(
                SOURCES.get(0),
                SOURCES.get(1),
                new Source(3, Source.LIBRARY, "d2", "Memory review", "p. 9", "Later...", 0.7),
                new Source(4, Source.MEMORY, "", "Earlier in this conversation", "", "You asked...", 0.6));

        // when
        var reasoning = builder.build(
                input(SURE, sources, "Sleep helps memory consolidation [1].", Origin.MODEL, List.of(), List.of()));

        // then
        assertThat(reasoning.alternatives())
                .containsExactly(
                        "The question could also be read as a request for an explanation to learn from.",
                        "Found for this question but not cited: Memory review [2].");
    }

    @Test
    void rules_standing_in_for_the_intent_or_safety_models_are_not_mentioned_but_a_rough_memory_is() {
        // given
        var intentRules = TraceStep.withoutModel(
                "intent", Duration.ofMillis(3), TraceStep.Outcome.FALLBACK, "rules: model failed (TIMEOUT)");
        var safetyRules = TraceStep.withoutModel(
                "safety",
                Duration.ofMillis(300),
                TraceStep.Outcome.FALLBACK,
                "rules only: model review not done within 300 ms");
        var extractMemory = TraceStep.withoutModel(
                "context", Duration.ofMillis(900), TraceStep.Outcome.FALLBACK, "extractive: model failed (TIMEOUT)");

        // when
        var quiet =
                builder.build(input(SURE, SOURCES, ANSWER, Origin.MODEL, List.of(), List.of(intentRules, safetyRules)));
        var rough = builder.build(
                input(SURE, SOURCES, ANSWER, Origin.MODEL, List.of(), List.of(intentRules, extractMemory)));

        // then
        assertThat(quiet.uncertainty()).isEmpty();
        assertThat(rough.uncertainty())
                .singleElement()
                .asString()
                .contains("earlier conversation")
                .doesNotContain("rules")
                .doesNotContain("fallback");
        assertThat(rough.confidence()).isLessThan(quiet.confidence());
    }

    @Test
    void no_sources_and_a_fallback_model_lower_confidence_and_say_why() {
        // given
        var unsure = new IntentResult(Intent.INFORMATION_REQUEST, 0.3, Optional.empty(), IntentResult.Method.RULES);
        var intentFellBack = TraceStep.withoutModel(
                "intent", Duration.ofMillis(3), TraceStep.Outcome.FALLBACK, "rules: model failed (TIMEOUT)");

        // when
        var reasoning = builder.build(input(
                unsure,
                List.of(),
                "Penicillin was found in 1928.",
                Origin.FALLBACK_MODEL,
                List.of(),
                List.of(intentFellBack)));

        // then
        assertThat(reasoning.confidence()).isLessThan(0.5);
        assertThat(reasoning.evidence()).isEmpty();
        assertThat(reasoning.uncertainty())
                .hasSize(3)
                .anySatisfy(c -> assertThat(c).contains("No library passages"))
                .anySatisfy(c -> assertThat(c).contains("backup model"))
                .anySatisfy(c -> assertThat(c).contains("more than one way"))
                .noneSatisfy(c -> assertThat(c).containsAnyOf("intent", "confidence", "rules", "fell back"));
    }

    @Test
    void a_retrieval_only_answer_lists_the_sources_as_evidence() {
        // when
        var reasoning = builder.build(
                input(SURE, SOURCES, "Sleep replays the day's events.", Origin.RETRIEVAL_ONLY, List.of(), List.of()));

        // then
        assertThat(reasoning.evidence()).containsExactly("Sleep notes, p. 3 [1]", "Memory review [2]");
        assertThat(reasoning.uncertainty()).singleElement().asString().contains("No model was available");
    }

    @Test
    void without_an_answer_the_hypothesis_states_what_was_asked() {
        // when
        var reasoning = builder.build(input(SURE, List.of(), "", Origin.RETRIEVAL_ONLY, List.of(), List.of()));

        // then
        assertThat(reasoning.hypothesis()).isEqualTo("No answer was written for this question.");
    }

    @Test
    void safety_notes_become_a_caveat() {
        // given
        var notes = List.of(
                new SafetyNote("medical", "warning", "Not medical advice."),
                new SafetyNote("personal_data", "warning", "Careful."));

        // when
        var reasoning = builder.build(input(SURE, SOURCES, ANSWER, Origin.MODEL, notes, List.of()));

        // then
        assertThat(reasoning.uncertainty())
                .containsExactly("The topic needs care (medical, personal data); see the safety notes.");
    }

    @Test
    void an_uncited_model_answer_says_it_does_not_cite() {
        // when
        var reasoning = builder.build(input(SURE, SOURCES, "Sleep matters.", Origin.MODEL, List.of(), List.of()));

        // then
        assertThat(reasoning.uncertainty())
                .containsExactly(
                        "The answer cites none of the passages found in your library; check its claims against them.");
        assertThat(reasoning.evidence()).containsExactly("Sleep notes, p. 3 [1]", "Memory review [2]");
    }

    @Test
    void is_deterministic() {
        // given
        var in = input(SURE, SOURCES, ANSWER, Origin.MODEL, List.of(), List.of());

        // then
        assertThat(builder.build(in)).isEqualTo(builder.build(in));
    }

    @Test
    void evidence_is_read_from_the_answers_prose_without_its_markdown() {
        // given
        String answer = """
                Sleep helps **memory** consolidation [1].

                ### What your library says
                - *Replay* happens in slow-wave sleep [1][2].
                - Naps may help too.

                ```
                code [2]
                ```
                | table | [2] |""";

        // when
        var reasoning = builder.build(input(SURE, SOURCES, answer, Origin.MODEL, List.of(), List.of()));

        // then
        assertThat(reasoning.hypothesis()).isEqualTo("Sleep helps memory consolidation.");
        assertThat(reasoning.evidence())
                .containsExactly(
                        "Sleep helps memory consolidation [1] (Sleep notes, p. 3)",
                        "Replay happens in slow-wave sleep [1][2] (Sleep notes, p. 3; Memory review)");
        assertThat(ReasoningBuilder.prose("> quoted *snake_case* text\n1. first\n2) second\n---\nend"))
                .containsExactly("quoted snake_case text", "first", "second", "end");
    }
}
