package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.TraceStep;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final String QUESTION = "Does sleep improve memory consolidation in adults?";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RecordedEvents recorded = new RecordedEvents();
    private final Prompts prompts = new Prompts("nonce12345");

    private Planner.Plan plan(FakeModels models, ResearchConfig.Budget budget) throws InterruptedException {
        return new Planner(new ModelCalls(models, clock), clock)
                .plan(QUESTION, prompts, Budgets.meter(budget, clock, recorded));
    }

    @Test
    void takes_the_models_sub_questions_when_they_are_a_valid_plan() throws Exception {
        // given a reply in a code fence, as models often write it
        FakeModels models = FakeModels.answering(call -> "```json\n{\"subQuestions\": [\"What is consolidation?\","
                + " \"Which sleep stages matter?\", \"What do deprivation studies show?\"]}\n```");

        // when
        Planner.Plan plan = plan(models, Budgets.ample());

        // then
        assertThat(plan.method()).isEqualTo("model");
        assertThat(plan.subQuestions())
                .containsExactly(
                        "What is consolidation?", "Which sleep stages matter?", "What do deprivation studies show?");
        assertThat(plan.step().outcome()).isEqualTo(TraceStep.Outcome.OK);
        assertThat(plan.step().model()).isEqualTo(FakeModels.MODEL);
        assertThat(models.calls().getFirst().system())
                .contains("between 3 and 5")
                .contains("JSON only");
    }

    @Test
    void keeps_at_most_the_depths_number_of_sub_questions_and_drops_repeats_and_junk() throws Exception {
        // given
        FakeModels models = FakeModels.answering(call -> "[\"What is consolidation?\", \"what is consolidation?\","
                + " 42, \"short\", \"Which sleep stages matter?\", \"What do deprivation studies show?\","
                + " \"Does age change the effect?\", \"Do naps help?\", \"Is REM needed?\"]");
        ResearchConfig.Budget three = new ResearchConfig.Budget(5, 10_000, 5, Duration.ofMinutes(1), 3, 3, 100, 3);

        // when
        Planner.Plan plan = plan(models, three);

        // then
        assertThat(plan.subQuestions())
                .containsExactly(
                        "What is consolidation?", "Which sleep stages matter?", "What do deprivation studies show?");
    }

    @Test
    void falls_back_to_rules_when_the_reply_is_not_a_valid_plan() throws Exception {
        // given
        FakeModels models = FakeModels.answering(call -> "Sure! Here are some thoughts about sleep.");

        // when
        Planner.Plan plan = plan(models, Budgets.ample());

        // then
        assertThat(plan.method()).isEqualTo("rules");
        assertThat(plan.subQuestions()).hasSize(5).first().isEqualTo(QUESTION);
        assertThat(plan.step().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(plan.step().detail()).contains("not valid");
    }

    @Test
    void falls_back_to_rules_without_a_model_or_when_it_fails() throws Exception {
        // when
        Planner.Plan none = plan(FakeModels.none(), Budgets.ample());
        Planner.Plan failing = plan(FakeModels.researcher().failWhen(call -> true), Budgets.ample());

        // then
        assertThat(none.method()).isEqualTo("rules");
        assertThat(none.step().detail()).contains("no model is configured");
        assertThat(failing.method()).isEqualTo("rules");
        assertThat(failing.step().detail()).contains("the model failed");
    }

    @Test
    void the_rules_split_a_question_that_asks_two_things_then_add_review_angles() {
        // when
        List<String> plan = PlanRules.subQuestions("Does caffeine harm sleep? How much is too much?", 4);

        // then
        assertThat(plan)
                .containsExactly(
                        "Does caffeine harm sleep?",
                        "How much is too much?",
                        "Evidence for and against: Does caffeine harm sleep? How much is too much",
                        "Limitations and open questions: Does caffeine harm sleep? How much is too much");
    }
}
