package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.llm.Task;
import com.researchassistant.session.JdbcSessionStore;
import com.researchassistant.testing.Eventually;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationNamingTest {

    private static final String OWNER = "c:owner";
    private static final String QUESTION = "What does my library say about sleep and memory?";
    private static final String RULES_TITLE = "Sleep and memory";
    private static final ChatEvent.Plan PLAN = new ChatEvent.Plan(
            new IntentResult(Intent.ANALYSIS_RESEARCH, 0.9, Optional.empty(), IntentResult.Method.RULES),
            new Expertise("research_librarian", "Research librarian", 0.5, "Cite."));
    private static final ChatEvent.Done DONE = new ChatEvent.Done("m1", "stop", 1, 2, 10, 20, "");

    @TempDir
    Path dir;

    private JdbcSessionStore store;
    private String sessionId;
    private final CountDownLatch titleCall = new CountDownLatch(1);
    private final List<ChatEvent> events = new ArrayList<>();

    @BeforeEach
    void open() {
        store = JdbcSessionStore.open("jdbc:sqlite:" + dir.resolve("t.db"), Clock.systemUTC());
        sessionId = store.create(OWNER, RULES_TITLE).id();
    }

    @AfterEach
    void close() {
        titleCall.countDown();
        store.close();
    }

    private ConversationNaming naming(ScriptedTaskModels models, Duration grace) {
        return new ConversationNaming(
                events::add,
                new TitleAgent(models, Duration.ofSeconds(5), grace),
                store,
                OWNER,
                sessionId,
                QUESTION,
                RULES_TITLE);
    }

    @Test
    void tokens_pass_while_the_title_is_written_and_the_title_goes_out_before_done() {
        // given: a title model that answers only when let go
        var models = ScriptedTaskModels.configured()
                .answer(Task.SUMMARIZE, "Sleep and Memory Consolidation")
                .holdOn(Task.SUMMARIZE, titleCall);
        ConversationNaming naming = naming(models, Duration.ofSeconds(5));

        // when: the answer streams while the title call hangs
        naming.accept(PLAN);
        naming.accept(new ChatEvent.Token("Sleep "));
        naming.accept(new ChatEvent.Token("helps."));

        // then: nothing waited for it
        assertThat(events).containsExactly(PLAN, new ChatEvent.Token("Sleep "), new ChatEvent.Token("helps."));
        Eventually.await(Duration.ofSeconds(5), () -> models.callsFor(Task.SUMMARIZE) == 1, "the title call");

        // when: the title comes, then the answer ends
        titleCall.countDown();
        naming.accept(DONE);

        // then
        assertThat(events)
                .endsWith(new ChatEvent.Title("Sleep and Memory Consolidation", ChatEvent.Title.Method.MODEL), DONE);
        assertThat(store.find(OWNER, sessionId).orElseThrow().title()).isEqualTo("Sleep and Memory Consolidation");
    }

    @Test
    void the_end_of_the_answer_waits_for_the_title_only_the_grace_and_the_title_is_stored_later() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.SUMMARIZE, "Sleep and Memory Consolidation")
                .holdOn(Task.SUMMARIZE, titleCall);
        ConversationNaming naming = naming(models, Duration.ofMillis(20));

        // when: the answer ends before the title comes
        naming.accept(PLAN);
        naming.accept(DONE);

        // then: done went out without it
        assertThat(events).containsExactly(PLAN, DONE);

        // when: the title comes after all
        titleCall.countDown();

        // then: it is stored, for the conversation list
        Eventually.await(
                Duration.ofSeconds(5),
                () -> store.find(OWNER, sessionId).orElseThrow().title().equals("Sleep and Memory Consolidation"),
                "the model's title stored");
    }

    @Test
    void a_conversation_renamed_while_the_model_thought_keeps_its_new_name() {
        // given
        var models = ScriptedTaskModels.configured()
                .answer(Task.SUMMARIZE, "Sleep and Memory Consolidation")
                .holdOn(Task.SUMMARIZE, titleCall);
        ConversationNaming naming = naming(models, Duration.ofSeconds(5));
        naming.accept(PLAN);
        Eventually.await(Duration.ofSeconds(5), () -> models.callsFor(Task.SUMMARIZE) == 1, "the title call");

        // when
        store.rename(OWNER, sessionId, "My sleep notes");
        titleCall.countDown();
        naming.accept(DONE);

        // then
        assertThat(events).containsExactly(PLAN, DONE);
        assertThat(store.find(OWNER, sessionId).orElseThrow().title()).isEqualTo("My sleep notes");
    }

    @Test
    void a_failed_or_unusable_title_call_leaves_the_rules_title() {
        // given: the model answers with a paragraph, not a title
        var models = ScriptedTaskModels.configured()
                .answer(
                        Task.SUMMARIZE,
                        "This conversation is about how sleep helps the brain consolidate what it learned during the day.");
        ConversationNaming naming = naming(models, Duration.ofSeconds(5));

        // when
        naming.accept(PLAN);
        naming.accept(DONE);

        // then
        assertThat(events).containsExactly(PLAN, DONE);
        assertThat(store.find(OWNER, sessionId).orElseThrow().title()).isEqualTo(RULES_TITLE);
    }

    @Test
    void without_a_model_nothing_is_asked() {
        // given
        var models = ScriptedTaskModels.none();
        ConversationNaming naming = naming(models, Duration.ofSeconds(5));

        // when
        naming.accept(PLAN);
        naming.accept(DONE);

        // then
        assertThat(events).containsExactly(PLAN, DONE);
        assertThat(models.calls()).isEmpty();
    }
}
