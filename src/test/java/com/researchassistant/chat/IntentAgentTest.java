package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.Usage;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntentAgentTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));

    private IntentAgent agent(ScriptedTaskModels models) {
        return new IntentAgent(models, TIMEOUT, clock);
    }

    @Test
    void accepts_a_valid_model_classification() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.CLASSIFY,
                        "{\"intent\": \"analysis_research\", \"confidence\": 0.82, \"secondary\": \"information_request\"}");

        // when
        var result = agent(models).classify("What does the literature say about sleep and memory?");

        // then
        assertThat(result.value())
                .isEqualTo(new IntentResult(
                        Intent.ANALYSIS_RESEARCH,
                        0.82,
                        Optional.of(Intent.INFORMATION_REQUEST),
                        IntentResult.Method.MODEL));
        assertThat(result.trace().step()).isEqualTo("intent");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
        assertThat(result.trace().model()).isEqualTo(ScriptedTaskModels.MODEL);
        assertThat(result.trace().usage()).isEqualTo(new Usage(12, 7));
        assertThat(result.trace().fallbackUsed()).isFalse();
    }

    @Test
    void times_the_step_on_the_injected_clock() {
        // given a model call that takes 250 ms
        var models = ScriptedTaskModels.configured()
                .taking(Duration.ofMillis(250), clock)
                .answer(
                        Task.CLASSIFY,
                        "{\"intent\": \"analysis_research\", \"confidence\": 0.82, \"secondary\": null}");

        // when
        var result = agent(models).classify("What does the literature say about sleep and memory?");

        // then
        assertThat(result.trace().durationMillis()).isEqualTo(250);
    }

    @Test
    void reads_json_inside_code_fences_and_chatter() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.CLASSIFY,
                        "Sure! Here it is:\n```json\n{\"intent\": \"creative_generation\", \"confidence\": 0.9,"
                                + " \"secondary\": null}\n```\nHope that helps {really}.");

        // when
        var result = agent(models).classify("Write me a poem");

        // then
        assertThat(result.value().primary()).isEqualTo(Intent.CREATIVE_GENERATION);
        assertThat(result.value().secondary()).isEmpty();
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.MODEL);
    }

    @Test
    void sends_the_ids_in_the_system_prompt_and_the_message_as_user() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.CLASSIFY, "{\"intent\":\"casual_conversation\",\"confidence\":1}");

        // when
        agent(models).classify("hello there");

        // then
        var call = models.calls().getFirst();
        assertThat(call.task()).isEqualTo(Task.CLASSIFY);
        for (Intent intent : Intent.values()) {
            assertThat(call.messages().getFirst().content()).contains(intent.id());
        }
        assertThat(call.messages().getLast().content()).isEqualTo("hello there");
    }

    @Test
    void falls_back_to_rules_on_malformed_json() {
        // given
        var models = ScriptedTaskModels.configured().answer(Task.CLASSIFY, "{\"intent\": \"troubleshooting\", ");

        // when
        var result = agent(models).classify("My build crashes with a NullPointerException");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(result.value().primary()).isEqualTo(Intent.TROUBLESHOOTING);
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().fallbackUsed()).isTrue();
        assertThat(result.trace().detail()).contains("not JSON").doesNotContain("NullPointer");
    }

    @Test
    void falls_back_to_rules_on_an_unknown_intent_id() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.CLASSIFY, "{\"intent\": \"small_talk\", \"confidence\": 0.9, \"secondary\": null}");

        // when
        var result = agent(models).classify("thanks a lot!");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(result.value().primary()).isEqualTo(Intent.CASUAL_CONVERSATION);
        assertThat(result.trace().detail()).contains("unknown intent");
    }

    @Test
    void falls_back_to_rules_on_out_of_range_confidence() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.CLASSIFY, "{\"intent\": \"troubleshooting\", \"confidence\": 87, \"secondary\": null}");

        // when
        var result = agent(models).classify("the server keeps failing");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().detail()).contains("confidence");
    }

    @Test
    void falls_back_to_rules_when_secondary_repeats_primary() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.CLASSIFY,
                        "{\"intent\": \"troubleshooting\", \"confidence\": 0.7, \"secondary\": \"troubleshooting\"}");

        // when
        var result = agent(models).classify("the server keeps failing");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(result.trace().detail()).contains("secondary");
    }

    @Test
    void falls_back_to_rules_when_the_model_times_out() {
        // given
        var models = ScriptedTaskModels.configured().fail(Task.CLASSIFY, LlmException.Kind.TIMEOUT);

        // when
        var result = agent(models).classify("How do I install the CLI on Linux?");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(result.value().primary()).isEqualTo(Intent.TECHNICAL_SUPPORT);
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().model()).isEmpty();
        assertThat(result.trace().detail()).contains("TIMEOUT");
    }

    @Test
    void records_a_fallback_model_as_a_fallback() {
        // given
        var models = ScriptedTaskModels.configured()
                .answerFromFallback(
                        Task.CLASSIFY,
                        "{\"intent\": \"information_request\", \"confidence\": 0.6, \"secondary\": null}");

        // when
        var result = agent(models).classify("Who discovered penicillin?");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.MODEL);
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().fallbackUsed()).isTrue();
    }

    @Test
    void uses_rules_without_calling_when_no_model_is_configured() {
        // given
        var models = ScriptedTaskModels.none();

        // when
        var result = agent(models).classify("Compare the evidence from these two studies");

        // then
        assertThat(result.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(result.value().primary()).isEqualTo(Intent.ANALYSIS_RESEARCH);
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
        assertThat(result.trace().fallbackUsed()).isFalse();
        assertThat(models.calls()).isEmpty();
    }

    @Test
    void confident_rules_answer_without_a_model_round_trip_and_unsure_ones_ask_the_model() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.CLASSIFY,
                        "{\"intent\": \"casual_conversation\", \"confidence\": 0.9, \"secondary\": null}");
        IntentAgent agent = new IntentAgent(models, TIMEOUT, 0.85, clock);

        // when
        var clear = agent.classify("Compare the evidence from these two studies");
        var unclear = agent.classify("Banana.");

        // then
        assertThat(clear.value().method()).isEqualTo(IntentResult.Method.RULES);
        assertThat(clear.value().primary()).isEqualTo(Intent.ANALYSIS_RESEARCH);
        assertThat(clear.trace().detail()).startsWith("rules: confident");
        assertThat(clear.trace().fallbackUsed()).isFalse();
        assertThat(unclear.value().method()).isEqualTo(IntentResult.Method.MODEL);
        assertThat(models.calls()).hasSize(1);
    }

    @Test
    void rules_reach_three_quarters_accuracy_on_the_labelled_set() {
        // given
        var rules = new IntentRules();
        List<Labelled> set = IntentRulesLabelledSet.MESSAGES;

        // when
        long correct = set.stream()
                .filter(l -> rules.classify(l.message()).primary() == l.intent())
                .count();

        // then
        double accuracy = correct / (double) set.size();
        assertThat(set).hasSize(24);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void rules_are_unsure_about_a_message_with_no_cues() {
        // when
        var result = new IntentRules().classify("Banana.");

        // then
        assertThat(result.primary()).isEqualTo(Intent.INFORMATION_REQUEST);
        assertThat(result.confidence()).isLessThan(0.5);
    }

    @Test
    void rules_name_a_close_runner_up_as_secondary() {
        // when
        var result = new IntentRules().classify("Explain why my Docker install fails with an error");

        // then
        assertThat(result.secondary()).isPresent();
        assertThat(result.secondary()).isNotEqualTo(Optional.of(result.primary()));
    }

    record Labelled(String message, Intent intent) {}
}
