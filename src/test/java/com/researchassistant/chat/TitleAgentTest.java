package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TitleAgentTest {

    @Test
    void the_rules_title_is_the_topic_without_the_lead_in() {
        assertThat(TitleAgent.byRules("What does my library say about sleep and memory?"))
                .isEqualTo("Sleep and memory");
        assertThat(TitleAgent.byRules("what do these papers suggest about statistical power"))
                .isEqualTo("Statistical power");
        assertThat(TitleAgent.byRules("Hi! Can you please tell me about retrieval-augmented generation?"))
                .isEqualTo("Retrieval-augmented generation");
        assertThat(TitleAgent.byRules("  What is C4 photosynthesis?\nMore detail here"))
                .isEqualTo("What is C4 photosynthesis");
        assertThat(TitleAgent.byRules("a  b\t c")).isEqualTo("A b c");
    }

    @Test
    void a_long_rules_title_is_cut_at_its_first_clause_or_else_at_a_word() {
        assertThat(TitleAgent.byRules("How does chlorophyll absorb light, and why do leaves look green?"))
                .isEqualTo("How does chlorophyll absorb light");
        assertThat(TitleAgent.byRules("word ".repeat(20)))
                .hasSizeLessThanOrEqualTo(TitleAgent.TARGET_CHARS + 1)
                .endsWith("…");
        assertThat(TitleAgent.byRules("x".repeat(100))).isEqualTo("X" + "x".repeat(47) + "…");
        assertThat(TitleAgent.byRules("x".repeat(47) + "😀".repeat(5))).isEqualTo("X" + "x".repeat(46) + "…");
    }

    @Test
    void a_message_with_nothing_but_a_lead_in_keeps_its_words_and_a_blank_one_the_default() {
        assertThat(TitleAgent.byRules("Hello!")).isEqualTo("Hello");
        assertThat(TitleAgent.byRules("   \n  ")).isEqualTo(ChatService.DEFAULT_TITLE);
    }

    @Test
    void a_model_reply_is_cleaned_into_a_title_or_dropped() {
        assertThat(TitleAgent.cleaned("\"Sleep and Memory Consolidation.\""))
                .contains("Sleep and Memory Consolidation");
        assertThat(TitleAgent.cleaned("Title: **Statistical power**\n\nThis conversation is about..."))
                .contains("Statistical power");
        assertThat(TitleAgent.cleaned("  ")).isEmpty();
        assertThat(TitleAgent.cleaned("This conversation is about how sleep helps to consolidate memories at night."))
                .isEmpty();
    }

    @Test
    void the_model_title_comes_from_the_summary_task_and_a_failure_leaves_none() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.SUMMARIZE, "Leaf colour and chlorophyll")
                .fail(Task.SUMMARIZE, LlmException.Kind.TIMEOUT);
        var agent = new TitleAgent(models, Duration.ofSeconds(1), Duration.ofMillis(10));

        // when
        Optional<String> first = agent.byModel("Why are leaves green?");
        Optional<String> second = agent.byModel("Why are leaves green?");

        // then
        assertThat(first).contains("Leaf colour and chlorophyll");
        assertThat(second).isEmpty();
        assertThat(models.calls()).allSatisfy(c -> assertThat(c.task()).isEqualTo(Task.SUMMARIZE));
        assertThat(models.calls().getFirst().messages().getLast().content()).isEqualTo("Why are leaves green?");
    }
}
