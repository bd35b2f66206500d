package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The citation check end to end: the sample library, the real embedding model, an answer from the
 * stub model that cites a real passage rightly, then with a changed number, then a source [9] it
 * was never given; the citations event after done, the stored marks and text, a reload, the
 * export and the OpenAI face.
 */
@Timeout(120)
class CitationCheckIT {

    private static final Pattern SOURCE = Pattern.compile("<source n=\"(\\d+)\"[^>]*>([^<]*)");
    private static final String QUESTION =
            "How many participants per group does a two-sample t-test need to detect d = 0.5 or d = 0.2?";

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start().respondByDefault(CitationCheckIT::answer);
    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        stub.close();
    }

    /** Cites the passage the prompt numbered as the one with the sample sizes, whatever its number. */
    private static StubResponse answer(RecordedRequest request) {
        if (!StubLlmServer.streams(request)) {
            return StubResponse.completion("{}");
        }
        String n = "0";
        Matcher m = SOURCE.matcher(request.body().replace("\\n", " ").replace("\\\"", "\""));
        while (m.find()) {
            if (m.group(2).contains("64 participants per group")) {
                n = m.group(1);
            }
        }
        return StubResponse.tokens(
                List.of(
                        "Detecting d = 0.5 with 80 % power at alpha = 0.05 needs about ",
                        "64 participants per group [" + n + "]. ",
                        "Detecting d = 0.2 needs about 250 per group [" + n + "]. ",
                        "Spindles are bursts of thalamic activity [9]."),
                Duration.ZERO);
    }

    @Test
    void marks_a_changed_number_drops_a_bogus_marker_and_shows_the_same_after_a_reload() {
        // given: time enough that the check never runs out, whatever the machine's load
        app = TestApp.withModel(dir, stub, Map.of("RA_CITATION_BUDGET", "60s"));
        assertThat(app.postJson("/api/library/samples", ALICE, "{}").statusCode())
                .isEqualTo(201);
        String session = app.newSession(ALICE);

        // when
        List<SseClient.Event> events;
        try (SseClient sse =
                SseClient.open(app.http(), app.streamMessage(session, ALICE, "{\"content\":\"" + QUESTION + "\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":") && !e.name().equals("safety"))
                    .toList();
        }

        // then: the check comes after done, about the stored answer
        assertThat(events)
                .extracting(SseClient.Event::name)
                .filteredOn(name -> !name.equals("title"))
                .endsWith("trace", "done", "citations");
        String n = String.valueOf(JsonPaths.tree(events.getLast().data())
                .at("/claims/0/sources/0")
                .asInt());
        assertThat(n).isNotEqualTo("0");
        JsonNode check = JsonPaths.tree(events.getLast().data());
        String doneId = JsonPaths.text(events.get(events.size() - 2).data(), "messageId");
        assertThat(check.at("/messageId").asText()).isEqualTo(doneId);
        assertThat(check.at("/removed")).hasSize(1);
        assertThat(check.at("/removed/0/numbers/0").asInt()).isEqualTo(9);
        assertThat(check.at("/unchecked").asInt()).isZero();
        assertThat(check.at("/claims")).hasSize(2);
        assertThat(check.at("/claims/0/verdict").asText()).isEqualTo("supported");
        assertThat(check.at("/claims/1/verdict").asText()).isEqualTo("unsupported");
        assertThat(check.at("/claims/1/reason").asText()).isEqualTo("numbers_differ");
        assertThat(check.at("/claims/1/note").asText())
                .startsWith("[" + n + "] does not give 250.")
                .contains("394 per group");

        // then: the stored answer is the streamed one without [9], and the marks point into it
        String streamed = events.stream()
                .filter(e -> e.name().equals("token"))
                .map(e -> JsonPaths.text(e.data(), "text"))
                .collect(Collectors.joining());
        JsonNode stored = JsonPaths.tree(
                        app.get("/api/sessions/" + session, ALICE).body())
                .at("/messages/1");
        String content = stored.at("/content").asText();
        JsonNode removed = check.at("/removed/0");
        assertThat(content)
                .isEqualTo(streamed.substring(0, removed.at("/start").asInt())
                        + removed.at("/replacement").asText()
                        + streamed.substring(removed.at("/end").asInt()));
        assertThat(content)
                .endsWith("Spindles are bursts of thalamic activity.")
                .doesNotContain("[9]");
        assertThat(stored.at("/citations/claims")).isEqualTo(check.at("/claims"));
        assertThat(stored.at("/citations/removed")).isEqualTo(check.at("/removed"));
        JsonNode unsupported = stored.at("/citations/claims/1");
        assertThat(content.substring(
                        unsupported.at("/start").asInt(), unsupported.at("/end").asInt()))
                .isEqualTo("Detecting d = 0.2 needs about 250 per group [" + n + "].");
        assertThat(stored.at("/trace/steps").findValuesAsText("step")).contains("citations");

        // then: the export notes the flagged sentence and the removed marker
        String export = app.get("/api/sessions/" + session + "/export", ALICE).body();
        assertThat(export)
                .contains("Citation check:")
                .contains("- Unsupported: “Detecting d = 0.2 needs about 250 per group [" + n + "].” — [" + n
                        + "] does not give 250.")
                .contains("- Removed [9]: the answer was given no such source.");
    }

    @Test
    void the_openai_face_carries_the_check_beside_the_sources_and_answers_the_stored_text() {
        // given
        app = TestApp.withModel(dir, stub, Map.of("RA_CITATION_BUDGET", "60s"));
        assertThat(app.postJson("/api/library/samples", ALICE, "{}").statusCode())
                .isEqualTo(201);

        // when
        JsonNode body = JsonPaths.tree(app.postJson(
                        "/v1/chat/completions",
                        ALICE,
                        "{\"model\":\"research-assistant\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION
                                + "\"}]}")
                .body());

        // then: standard fields as OpenAI has them, our extensions beside them
        assertThat(body.at("/object").asText()).isEqualTo("chat.completion");
        assertThat(body.at("/choices/0/message/content").asText())
                .endsWith("thalamic activity.")
                .doesNotContain("[9]");
        assertThat(body.at("/sources").size()).isPositive();
        assertThat(body.at("/citations/claims/1/verdict").asText()).isEqualTo("unsupported");
        assertThat(body.at("/citations/removed/0/numbers/0").asInt()).isEqualTo(9);

        // when: streamed
        List<JsonNode> chunks = OpenAiStreams.chunks(app.postJson(
                        "/v1/chat/completions",
                        ALICE,
                        "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}")
                .body());

        // then: the check rides on the finish chunk only, and says which streamed marker to drop
        JsonNode finish = chunks.stream()
                .filter(c -> c.at("/choices/0/finish_reason").isTextual())
                .findFirst()
                .orElseThrow();
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(finish.at("/citations/removed/0/numbers/0").asInt()).isEqualTo(9);
        assertThat(chunks.stream().filter(c -> c.has("citations"))).hasSize(1);
        assertThat(OpenAiStreams.content(chunks)).endsWith("thalamic activity [9].");
    }
}
