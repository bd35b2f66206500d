package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.ReasoningInput.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReasoningBuilderTest {

    private static final IntentResult SURE = new IntentResult(
            Intent.ANALYSIS_RESEARCH, 0.9, Optional.of(Intent.EDUCATION_LEARNING), "llm");
    private static final Expertise CLINICIAN = new Expertise("medical_researcher", "Clinician and medical researcher",
            0.7, "Answer as a clinician.");
    private static final Expertise STATISTICIAN = new Expertise("statistician", "Statistician", 0.5, "Be precise.");
    private static final List<Source> SOURCES = List.of(
            new Source(1, Source.LIBRARY, "d1", "Sleep notes", "p. 3", "Sleep replays...", 0.9),
            new Source(2, Source.LIBRARY, "d2", "Memory review", "", "Consolidation...", 0.8));
    private static final String ANSWER = "Sleep helps memory consolidation [1]. Replay happens in slow-wave sleep"
            + " [1][2]. Naps may help too.";

    private final ReasoningBuilder builder = new ReasoningBuilder();

    private static ReasoningInput input(IntentResult intent, List<Source> sources, String answer, Origin origin,
            List<SafetyNote> notes, List<TraceStep> trace) {
        return new ReasoningInput(intent, CLINICIAN, Optional.of(STATISTICIAN), sources, answer, origin, notes, trace);
    }

    @Test
    void a_cited_model_answer_gives_hypothesis_evidence_and_high_confidence() {
        // when
        var reasoning = builder.build(input(SURE, SOURCES, ANSWER, Origin.MODEL, List.of(), List.of()));

        // then
        assertThat(reasoning.hypothesis()).isEqualTo("Sleep helps memory consolidation.");
        assertThat(reasoning.evidence()).containsExactly(
                "Sleep helps memory consolidation [1] (Sleep notes, p. 3)",
                "Replay happens in slow-wave sleep [1][2] (Sleep notes, p. 3; Memory review)");
        assertThat(reasoning.confidence()).isGreaterThan(0.75);
        assertThat(reasoning.alternatives()).containsExactly(
                "The question could also be read as a request for an explanation to learn from.",
                "A statistician might approach it differently.");
        assertThat(reasoning.uncertainty()).isEmpty();
    }

    @Test
    void no_sources_and_a_fallback_model_lower_confidence_and_say_why() {
        // given
        var unsure = new IntentResult(Intent.INFORMATION_REQUEST, 0.3, Optional.empty(), "rules");
        var intentFellBack = TraceStep.withoutModel("intent", Duration.ofMillis(3), TraceStep.Outcome.FALLBACK,
                "rules: model failed (TIMEOUT)");

        // when
        var reasoning = builder.build(input(unsure, List.of(), "Penicillin was found in 1928.",
                Origin.FALLBACK_MODEL, List.of(), List.of(intentFellBack)));

        // then
        assertThat(reasoning.confidence()).isLessThan(0.5);
        assertThat(reasoning.evidence()).isEmpty();
        assertThat(reasoning.uncertainty()).hasSize(4).anySatisfy(c -> assertThat(c).contains("No library passages"))
                .anySatisfy(c -> assertThat(c).contains("fallback model"))
                .anySatisfy(c -> assertThat(c).contains("intent"))
                .anySatisfy(c -> assertThat(c).contains("confidence 0.30"));
    }

    @Test
    void a_retrieval_only_answer_lists_the_sources_as_evidence() {
        // when
        var reasoning = builder.build(input(SURE, SOURCES, "Sleep replays the day's events.", Origin.RETRIEVAL_ONLY,
                List.of(), List.of()));

        // then
        assertThat(reasoning.evidence()).containsExactly("Sleep notes, p. 3 [1]", "Memory review [2]");
        assertThat(reasoning.uncertainty()).singleElement().asString().contains("No model was available");
    }

    @Test
    void without_an_answer_the_hypothesis_states_what_was_asked() {
        // when
        var reasoning = builder.build(input(SURE, List.of(), "", Origin.RETRIEVAL_ONLY, List.of(), List.of()));

        // then
        assertThat(reasoning.hypothesis())
                .isEqualTo("You asked for an analysis of the research; the best perspective is the clinician and"
                        + " medical researcher's.");
    }

    @Test
    void safety_notes_become_a_caveat() {
        // given
        var notes = List.of(new SafetyNote("medical", "warning", "Not medical advice."),
                new SafetyNote("personal_data", "warning", "Careful."));

        // when
        var reasoning = builder.build(input(SURE, SOURCES, ANSWER, Origin.MODEL, notes, List.of()));

        // then
        assertThat(reasoning.uncertainty()).containsExactly(
                "The topic needs care (medical, personal data); see the safety notes.");
    }

    @Test
    void an_uncited_model_answer_says_it_does_not_cite() {
        // when
        var reasoning = builder.build(input(SURE, SOURCES, "Sleep matters.", Origin.MODEL, List.of(), List.of()));

        // then
        assertThat(reasoning.uncertainty()).containsExactly("The answer does not cite the passages it was given.");
        assertThat(reasoning.evidence()).containsExactly("Sleep notes, p. 3 [1]", "Memory review [2]");
    }

    @Test
    void is_deterministic() {
        // given
        var in = input(SURE, SOURCES, ANSWER, Origin.MODEL, List.of(), List.of());

        // then
        assertThat(builder.build(in)).isEqualTo(builder.build(in));
    }
}
