package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.MutableClock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpertAgentTest {

    private final ExpertAgent agent = new ExpertAgent(new MutableClock(Instant.parse("2025-03-01T09:00:00Z")));

    private static IntentResult intent(Intent primary) {
        return new IntentResult(primary, 0.8, Optional.empty(), "rules");
    }

    @Test
    void picks_the_statistician_for_effect_sizes_and_p_values() {
        // when
        var result = agent.choose(intent(Intent.ANALYSIS_RESEARCH),
                "Is a p-value of 0.04 with this sample size and effect size convincing?");

        // then
        assertThat(result.value().id()).isEqualTo("statistician");
        assertThat(result.value().relevance()).isBetween(0.5, 1.0);
        assertThat(result.value().guidance()).isNotBlank();
        assertThat(result.trace().step()).isEqualTo("expertise");
        assertThat(result.trace().model()).isEmpty();
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
    }

    @Test
    void picks_the_medical_researcher_for_clinical_questions() {
        // when
        var result = agent.choose(intent(Intent.ANALYSIS_RESEARCH),
                "What do clinical trials say about melatonin dosage for sleep in patients?");

        // then
        assertThat(result.value().id()).isEqualTo("medical_researcher");
    }

    @Test
    void picks_the_software_engineer_for_a_stack_trace() {
        // when
        var result = agent.choose(intent(Intent.TROUBLESHOOTING),
                "My Java code throws an exception, here is the stack trace");

        // then
        assertThat(result.value().id()).isEqualTo("software_engineer");
    }

    @Test
    void picks_the_legal_analyst_for_contracts() {
        // when
        var result = agent.choose(intent(Intent.INFORMATION_REQUEST),
                "Does GDPR apply to this contract clause about copyright?");

        // then
        assertThat(result.value().id()).isEqualTo("legal_analyst");
    }

    @Test
    void picks_the_educator_for_a_learning_request() {
        // when
        var result = agent.choose(intent(Intent.EDUCATION_LEARNING), "Teach me eigenvalues in simple terms");

        // then
        assertThat(result.value().id()).isEqualTo("educator");
    }

    @Test
    void defaults_to_the_research_librarian_when_nothing_fits() {
        // when
        var result = agent.choose(intent(Intent.INFORMATION_REQUEST), "Tell me about the Hanseatic League");

        // then
        assertThat(result.value().id()).isEqualTo("research_librarian");
        assertThat(result.value().label()).isEqualTo("Research librarian");
    }

    @Test
    void is_deterministic_and_names_a_different_runner_up() {
        // given
        var asked = intent(Intent.ANALYSIS_RESEARCH);
        String message = "Compare regression models on this dataset of patients";

        // when
        var first = agent.choose(asked, message);
        var second = agent.choose(asked, message);
        var runnerUp = agent.runnerUp(asked, message);

        // then
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(runnerUp).isPresent();
        assertThat(runnerUp.get().id()).isNotEqualTo(first.value().id());
        assertThat(runnerUp.get().relevance()).isLessThanOrEqualTo(first.value().relevance());
    }

    @Test
    void the_catalogue_has_eight_distinct_expertises() {
        // then
        assertThat(ExpertAgent.CATALOGUE).hasSize(8);
        assertThat(ExpertAgent.CATALOGUE).extracting(ExpertAgent.Profile::id).doesNotHaveDuplicates();
    }
}
