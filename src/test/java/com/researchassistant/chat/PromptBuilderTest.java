package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.ChatMessage.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

    private static final ClientProfile DESKTOP = new ClientProfile("desktop", 2000, Duration.ofSeconds(30), 1_000);
    private static final ClientProfile MOBILE = new ClientProfile("mobile", 800, Duration.ofSeconds(15), 1_000);

    private final PromptBuilder prompts = new PromptBuilder();

    @Test
    void puts_system_history_then_the_new_message() {
        // given
        List<Turn> history = List.of(user(1, "What is RAG?"), assistant(2, "Retrieval-augmented generation."));

        // when
        List<ChatMessage> messages =
                prompts.build(history, "And its limits?", DESKTOP, Grounding.NONE, PromptBuilder.Extras.NONE);

        // then
        assertThat(messages)
                .extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(messages.getLast().content()).isEqualTo("And its limits?");
        assertThat(messages.getFirst().content()).doesNotContain(PromptBuilder.MOBILE_HINT.strip());
    }

    @Test
    void mobile_asks_for_short_answers() {
        List<ChatMessage> messages = prompts.build(List.of(), "Hi", MOBILE, Grounding.NONE, PromptBuilder.Extras.NONE);

        assertThat(messages.getFirst().content()).contains(PromptBuilder.MOBILE_HINT.strip());
    }

    @Test
    void keeps_only_the_most_recent_turns_that_fit_the_budget() {
        // given
        List<Turn> history = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            history.add(
                    i % 2 == 1
                            ? user(i, "q" + i + " " + "x".repeat(90))
                            : assistant(i, "a" + i + " " + "y".repeat(90)));
        }

        // when
        List<ChatMessage> messages = prompts.build(history, "next", DESKTOP, Grounding.NONE, PromptBuilder.Extras.NONE);

        // then
        int historyChars = messages.subList(1, messages.size() - 1).stream()
                .mapToInt(m -> m.content().length())
                .sum();
        assertThat(historyChars).isLessThanOrEqualTo(DESKTOP.contextChars());
        assertThat(messages.get(messages.size() - 2).content()).startsWith("a40");
    }

    @Test
    void skips_notices_and_merges_neighbouring_turns_of_one_role() {
        // given: a notice answer, then a failed question with no answer at all
        List<Turn> history = List.of(
                user(1, "first"),
                new Turn(
                        "t2",
                        2,
                        Instant.EPOCH,
                        new NewTurn(
                                NewTurn.Role.ASSISTANT, "no model", NewTurn.Status.NOTICE, "", "desktop", -1, -1, 0)),
                user(3, "second"));

        // when
        List<ChatMessage> messages =
                prompts.build(history, "third", DESKTOP, Grounding.NONE, PromptBuilder.Extras.NONE);

        // then
        assertThat(messages).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(messages.get(1).content()).isEqualTo("first\n\nsecond\n\nthird");
    }

    @Test
    void an_answer_that_a_retry_replaced_is_left_out_and_the_newer_one_kept() {
        // given: a partial answer, then the answer Retry wrote right after it
        List<Turn> history = List.of(
                user(1, "What do spindles do?"),
                new Turn(
                        "t2",
                        2,
                        Instant.EPOCH,
                        new NewTurn(
                                NewTurn.Role.ASSISTANT,
                                "Spindles are bur",
                                NewTurn.Status.PARTIAL,
                                "m",
                                "desktop",
                                1,
                                1,
                                1)),
                assistant(3, "Spindles consolidate memory."));

        // when
        List<ChatMessage> messages =
                prompts.build(history, "And slow waves?", DESKTOP, Grounding.NONE, PromptBuilder.Extras.NONE);

        // then
        assertThat(messages)
                .extracting(ChatMessage::role)
                .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(messages.get(2).content()).isEqualTo("Spindles consolidate memory.");
    }

    private static Turn user(int seq, String text) {
        return new Turn("t" + seq, seq, Instant.EPOCH, NewTurn.user(text, "desktop"));
    }

    private static Turn assistant(int seq, String text) {
        return new Turn(
                "t" + seq,
                seq,
                Instant.EPOCH,
                new NewTurn(NewTurn.Role.ASSISTANT, text, NewTurn.Status.COMPLETE, "m", "desktop", 1, 1, 1));
    }
}
