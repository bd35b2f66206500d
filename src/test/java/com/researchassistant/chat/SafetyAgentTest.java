package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SafetyAgentTest {

    /** Long enough for a scripted model that answers at once, even on a slow CI machine. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));

    private SafetyAgent agent(ScriptedTaskModels models) {
        return new SafetyAgent(models, Duration.ofSeconds(2), clock);
    }

    @Test
    void adds_valid_model_notes_to_the_rule_notes() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.SAFETY,
                        "```json\n{\"notes\":[{\"category\":\"financial\",\"severity\":\"info\","
                                + "\"message\":\"Not financial advice.\"}]}\n```");

        // when
        var result = agent(models)
                .start("What dosage of melatonin should I take before buying stocks?")
                .finish("Most studies used 0.5 to 5 mg.", PATIENT);

        // then
        assertThat(result.value()).extracting(SafetyNote::category).containsExactly("medical", "financial");
        assertThat(result.trace().step()).isEqualTo("safety");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
        assertThat(result.trace().model()).isEqualTo(ScriptedTaskModels.MODEL);
    }

    @Test
    void a_model_note_raises_the_severity_of_a_rule_note_of_the_same_category() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.SAFETY,
                        "{\"notes\":[{\"category\":\"legal\",\"severity\":\"warning\",\"message\":\"Get a lawyer.\"}]}");

        // when
        var result = agent(models).start("Can I sue my landlord?").finish("Possibly.", PATIENT);

        // then
        assertThat(result.value()).singleElement().satisfies(note -> {
            assertThat(note.category()).isEqualTo("legal");
            assertThat(note.severity()).isEqualTo("warning");
        });
    }

    @Test
    void malformed_model_json_means_rules_only() {
        // given
        var models = ScriptedTaskModels.configured().answer(Task.SAFETY, "{\"notes\": [");

        // when
        var result = agent(models).start("Should I invest in a loan?").finish("It depends.", PATIENT);

        // then
        assertThat(result.value()).extracting(SafetyNote::category).containsExactly("financial");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().detail()).contains("invalid");
    }

    @Test
    void an_unknown_model_category_means_rules_only() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.SAFETY,
                        "{\"notes\":[{\"category\":\"vibes\",\"severity\":\"warning\",\"message\":\"Hmm.\"}]}");

        // when
        var result = agent(models).start("Tell me about owls").finish("Owls hunt at night.", PATIENT);

        // then
        assertThat(result.value()).isEmpty();
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
    }

    @Test
    void a_failing_model_means_rules_only() {
        // given
        var models = ScriptedTaskModels.configured().fail(Task.SAFETY, LlmException.Kind.RATE_LIMITED);

        // when
        var result = agent(models).start("What are the symptoms of flu?").finish("Fever and aches.", PATIENT);

        // then
        assertThat(result.value()).extracting(SafetyNote::category).containsExactly("medical");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().fallbackUsed()).isTrue();
        assertThat(result.trace().detail()).contains("RATE_LIMITED");
    }

    @Test
    void finish_uses_rules_only_when_the_model_hangs_past_the_grace() {
        // given
        var never = new CountDownLatch(1);
        var models = ScriptedTaskModels.configured().holdOn(Task.SAFETY, never).answer(Task.SAFETY, "{\"notes\":[]}");
        var review = agent(models).start("What medication helps with migraines?");

        // when
        var result = review.finish("Several options exist.", Duration.ofMillis(50));

        // then
        assertThat(result.value()).extracting(SafetyNote::category).containsExactly("medical");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().detail()).contains("not done within 50 ms");
    }

    @Test
    void the_review_is_timed_on_the_injected_clock_from_its_start_to_the_end_of_the_answer() {
        // given
        var review = agent(ScriptedTaskModels.none()).start("Hello");
        clock.advance(Duration.ofMillis(1_200)); // the answer streams meanwhile

        // when
        var result = review.finish("Hi! How can I help?", Duration.ZERO);

        // then
        assertThat(result.trace().durationMillis()).isEqualTo(1_200);
    }

    @Test
    void without_a_model_the_rules_run_alone() {
        // given
        var models = ScriptedTaskModels.none();

        // when
        var result = agent(models).start("Hello").finish("Hi! How can I help?", Duration.ZERO);

        // then
        assertThat(result.value()).isEmpty();
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
        assertThat(models.calls()).isEmpty();
    }

    @Test
    void self_harm_gets_a_supportive_note() {
        // when
        var result =
                agent(ScriptedTaskModels.none()).start("I want to kill myself").finish("", Duration.ZERO);

        // then
        assertThat(result.value()).singleElement().satisfies(note -> {
            assertThat(note.category()).isEqualTo("unsafe_instructions");
            assertThat(note.message()).contains("not have to face it alone");
        });
    }

    @Test
    void personal_data_in_the_answer_is_flagged_once() {
        // when
        var result = agent(ScriptedTaskModels.none())
                .start("Who wrote the paper?")
                .finish("Write to jane.doe@example.org or call 555-123-4567.", Duration.ZERO);

        // then
        assertThat(result.value()).extracting(SafetyNote::category).containsExactly("personal_data");
    }

    @Test
    void detects_a_luhn_valid_card_number_but_not_random_digits() {
        // then
        assertThat(SafetyRules.containsPersonalData("my card is 4111 1111 1111 1111"))
                .isTrue();
        assertThat(SafetyRules.containsPersonalData("card 4111-1111-1111-1111 thanks"))
                .isTrue();
        assertThat(SafetyRules.containsPersonalData("order 4111 1111 1111 1112"))
                .isFalse();
        assertThat(SafetyRules.containsPersonalData("sample ids 8473920183746152"))
                .isFalse();
    }

    @Test
    void detects_ssn_like_ids_emails_and_phone_numbers() {
        // then
        assertThat(SafetyRules.containsPersonalData("SSN 123-45-6789")).isTrue();
        assertThat(SafetyRules.containsPersonalData("mail me at a.b@uni.edu")).isTrue();
        assertThat(SafetyRules.containsPersonalData("ring +44 20 7946 0958")).isTrue();
        assertThat(SafetyRules.containsPersonalData("in 2019-2021, 45% of 1200 people"))
                .isFalse();
    }
}
