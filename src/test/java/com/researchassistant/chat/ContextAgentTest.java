package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextAgentTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));

    private ContextAgent agent(ScriptedTaskModels models) {
        return new ContextAgent(models, Duration.ofSeconds(2), 4_000, 100, clock);
    }

    private static Turn user(int seq, String text) {
        return new Turn("t" + seq, seq, T0.plusSeconds(seq), NewTurn.user(text, "desktop"));
    }

    private static Turn assistant(int seq, String text) {
        return new Turn(
                "t" + seq,
                seq,
                T0.plusSeconds(seq),
                new NewTurn(NewTurn.Role.ASSISTANT, text, NewTurn.Status.COMPLETE, "m", "desktop", 1, 1, 1));
    }

    private static final List<Turn> OLDER = List.of(
            user(1, "What is spaced repetition? I keep forgetting vocabulary."),
            assistant(2, "Spaced repetition reviews material at growing intervals. It uses the testing effect."),
            user(3, "Does it work for medical students? They have a lot to learn."),
            assistant(4, "Yes, several studies found gains of 10 to 15 percent. Effects vary by design."));

    @Test
    void summarises_with_the_model_within_max_chars() {
        // given
        var models = ScriptedTaskModels.configured().answer(Task.SUMMARIZE, "x".repeat(500));

        // when
        var result = agent(models).summarize("s1", OLDER, 120);

        // then
        assertThat(result.value()).hasSizeLessThanOrEqualTo(120);
        assertThat(result.trace().step()).isEqualTo("context");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
        var prompt = models.calls().getFirst().messages();
        assertThat(prompt.getFirst().content()).contains("at most 20 words");
        assertThat(prompt.getLast().content()).contains("User: What is spaced repetition?", "Assistant: Yes");
    }

    @Test
    void a_second_call_for_the_same_turns_uses_the_cache() {
        // given
        var models = ScriptedTaskModels.configured().answer(Task.SUMMARIZE, "Talked about spaced repetition.");
        var agent = agent(models);
        agent.summarize("s1", OLDER, 500);

        // when
        var again = agent.summarize("s1", OLDER, 500);

        // then
        assertThat(again.value()).isEqualTo("Talked about spaced repetition.");
        assertThat(again.trace().detail()).isEqualTo("cached summary");
        assertThat(models.callsFor(Task.SUMMARIZE)).isEqualTo(1);
    }

    @Test
    void a_newer_older_turn_summarises_again() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.SUMMARIZE, "First summary.")
                .answer(Task.SUMMARIZE, "Second summary.");
        var agent = agent(models);
        agent.summarize("s1", OLDER.subList(0, 2), 500);

        // when
        var result = agent.summarize("s1", OLDER, 500);

        // then
        assertThat(result.value()).isEqualTo("Second summary.");
        assertThat(models.callsFor(Task.SUMMARIZE)).isEqualTo(2);
    }

    @Test
    void falls_back_to_an_extractive_summary_when_the_model_fails() {
        // given
        var models = ScriptedTaskModels.configured().fail(Task.SUMMARIZE, LlmException.Kind.UNAVAILABLE);

        // when
        var result = agent(models).summarize("s1", OLDER, 500);

        // then
        assertThat(result.value()).isEqualTo("""
                User: What is spaced repetition?
                Assistant: Spaced repetition reviews material at growing intervals.
                User: Does it work for medical students?
                Assistant: Yes, several studies found gains of 10 to 15 percent.""");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.FALLBACK);
        assertThat(result.trace().fallbackUsed()).isTrue();
        assertThat(result.trace().detail()).contains("UNAVAILABLE").doesNotContain("spaced");
    }

    @Test
    void a_failed_summary_is_not_cached() {
        // given
        var models = ScriptedTaskModels.configured()
                .fail(Task.SUMMARIZE, LlmException.Kind.TIMEOUT)
                .answer(Task.SUMMARIZE, "Recovered.");
        var agent = agent(models);
        agent.summarize("s1", OLDER, 500);

        // when
        var result = agent.summarize("s1", OLDER, 500);

        // then
        assertThat(result.value()).isEqualTo("Recovered.");
    }

    @Test
    void extractive_summary_stays_within_max_chars_without_a_model() {
        // given
        var models = ScriptedTaskModels.none();

        // when
        var result = agent(models).summarize("s1", OLDER, 100);

        // then
        assertThat(result.value()).hasSizeLessThanOrEqualTo(100).startsWith("User: What is spaced repetition?");
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.OK);
        assertThat(models.calls()).isEmpty();
    }

    @Test
    void a_first_turn_longer_than_max_chars_is_cut() {
        // when
        var result = agent(ScriptedTaskModels.none()).summarize("s1", List.of(user(1, "word ".repeat(100))), 30);

        // then
        assertThat(result.value()).hasSize(30).endsWith("…");
    }

    @Test
    void no_older_turns_is_skipped() {
        // given
        var models = ScriptedTaskModels.configured();

        // when
        var result = agent(models).summarize("s1", List.of(), 500);

        // then
        assertThat(result.value()).isEmpty();
        assertThat(result.trace().outcome()).isEqualTo(TraceStep.Outcome.SKIPPED);
        assertThat(models.calls()).isEmpty();
    }
}
