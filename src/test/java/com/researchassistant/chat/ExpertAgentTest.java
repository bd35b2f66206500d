package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.MutableClock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpertAgentTest {

    private final ExpertAgent agent = new ExpertAgent(new MutableClock(Instant.parse("2025-03-01T09:00:00Z")));

    private static IntentResult intent(Intent primary) {
        return new IntentResult(primary, 0.8, Optional.empty(), IntentResult.Method.RULES);
    }

    @Test
    void picks_the_statistician_for_effect_sizes_and_p_values() {
        // when
        var result = agent.choose(
                intent(Intent.ANALYSIS_RESEARCH),
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
        var result = agent.choose(
                intent(Intent.ANALYSIS_RESEARCH),
                "What do clinical trials say about melatonin dosage for sleep in patients?");

        // then
        assertThat(result.value().id()).isEqualTo("medical_researcher");
    }

    @Test
    void picks_the_software_engineer_for_a_stack_trace() {
        // when
        var result = agent.choose(
                intent(Intent.TROUBLESHOOTING), "My Java code throws an exception, here is the stack trace");

        // then
        assertThat(result.value().id()).isEqualTo("software_engineer");
    }

    @Test
    void picks_the_legal_analyst_for_contracts() {
        // when
        var result = agent.choose(
                intent(Intent.INFORMATION_REQUEST), "Does GDPR apply to this contract clause about copyright?");

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
        var ranked = agent.rank(asked, message);

        // then
        assertThat(second.value()).isEqualTo(first.value());
        assertThat(ranked).hasSizeGreaterThan(1);
        var runnerUp = ranked.get(1);
        assertThat(runnerUp.id()).isNotEqualTo(first.value().id());
        assertThat(runnerUp.relevance()).isLessThanOrEqualTo(first.value().relevance());
    }

    @Test
    void the_catalogue_has_eight_distinct_expertises() {
        // then
        assertThat(ExpertAgent.CATALOGUE).hasSize(8);
        assertThat(ExpertAgent.CATALOGUE).extracting(ExpertAgent.Profile::id).doesNotHaveDuplicates();
    }

    @Test
    void a_question_about_a_topic_of_medicine_is_not_a_clinical_one() {
        // when
        var library = agent.choose(
                intent(Intent.INFORMATION_REQUEST), "What does my library say about sleep and memory consolidation?");
        var clinical = agent.choose(
                intent(Intent.ANALYSIS_RESEARCH),
                "Does melatonin improve sleep in patients with insomnia, and at what dose?");

        // then
        assertThat(library.value().id()).isEqualTo("research_librarian");
        assertThat(clinical.value().id()).isEqualTo("medical_researcher");
    }

    @Test
    void machine_learning_is_not_a_learning_request_and_a_question_that_asks_what_explains_is_not_one_either() {
        // when
        var ml = agent.choose(intent(Intent.TASK_EXECUTION), "Which machine learning model fits my dataset?");
        var cause = agent.choose(
                intent(Intent.ANALYSIS_RESEARCH), "Does confounding explain the correlation in this cohort?");

        // then
        assertThat(ml.value().id()).isEqualTo("data_scientist");
        assertThat(cause.value().id()).isEqualTo("statistician");
    }

    @Test
    void picks_the_right_expertise_for_nine_in_ten_labelled_questions_it_was_not_tuned_on() {
        // given: the intents the rules give, as without a model
        var rules = new IntentRules();

        // when
        double development = accuracy(ExpertiseLabelledSet.development(), rules);
        double heldOut = accuracy(ExpertiseLabelledSet.heldOut(), rules);

        // then
        assertThat(ExpertiseLabelledSet.QUESTIONS)
                .hasSizeGreaterThanOrEqualTo(64)
                .extracting(ExpertiseLabelledSet.Labelled::expertise)
                .containsAll(ExpertAgent.CATALOGUE.stream()
                        .map(ExpertAgent.Profile::id)
                        .toList());
        assertThat(development).isGreaterThanOrEqualTo(0.9);
        assertThat(heldOut).isGreaterThanOrEqualTo(0.9);
    }

    private double accuracy(java.util.List<ExpertiseLabelledSet.Labelled> set, IntentRules rules) {
        long right = set.stream()
                .filter(l -> agent.choose(rules.classify(l.question()), l.question())
                        .value()
                        .id()
                        .equals(l.expertise()))
                .count();
        return right / (double) set.size();
    }
}
