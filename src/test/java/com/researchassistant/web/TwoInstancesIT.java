package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.PostgresServer;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the application, each with its own data directory (index, instance id),
 * sharing one PostgreSQL database, as behind a load balancer. Without Redis each keeps no session
 * cache ({@code RA_CACHE_MAX_SESSIONS=0}), as docs/scaling.md asks.
 */
@Timeout(120)
class TwoInstancesIT {

    @TempDir
    Path dir;

    private TestApp first;
    private TestApp second;

    /** What both instances are started with; subclasses add Redis. */
    Map<String, String> env() {
        return Map.of("RA_DATABASE_URL", PostgresServer.shared().newDatabase(), "RA_CACHE_MAX_SESSIONS", "0");
    }

    @BeforeEach
    void start() {
        Map<String, String> env = env();
        first = TestApp.start(dir.resolve("first"), env);
        second = TestApp.start(dir.resolve("second"), env);
    }

    @AfterEach
    void stop() {
        closeAll();
    }

    void closeAll() {
        try {
            if (first != null) {
                first.close();
            }
        } finally {
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void a_conversation_begun_on_one_instance_continues_on_the_other() {
        // given
        String session = first.newSession(ALICE);
        ask(first, session, "What is a sleep spindle?");

        // when
        ask(second, session, "And how is it measured?");
        ask(first, session, "Thanks, one more question.");

        // then both see the same six turns in order
        for (TestApp app : List.of(first, second)) {
            assertThat(contents(app, session))
                    .hasSize(6)
                    .containsSubsequence(
                            "What is a sleep spindle?", "And how is it measured?", "Thanks, one more question.");
        }
        assertThat(second.get("/api/sessions", ALICE).body()).contains(session);
    }

    @Test
    void a_document_uploaded_through_one_instance_is_searchable_and_deletable_through_the_other() {
        // given
        HttpResponse<String> upload = first.postJson(
                "/api/library/documents",
                ALICE,
                "{\"title\":\"Glymphatic system\",\"text\":\"The glymphatic system clears metabolic waste from"
                        + " the brain during deep sleep.\"}");
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        assertThat(JsonPaths.text(upload.body(), "/status")).isEqualTo("ready");
        String id = JsonPaths.text(upload.body(), "/id");

        // when
        HttpResponse<String> found = second.get("/api/library/search?q=glymphatic%20waste%20clearance&k=3", ALICE);
        HttpResponse<String> listed = second.get("/api/library/documents", ALICE);
        HttpResponse<String> deleted = second.delete("/api/library/documents/" + id, ALICE);
        HttpResponse<String> afterDelete = first.get("/api/library/search?q=glymphatic%20waste%20clearance&k=3", ALICE);

        // then
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).contains("Glymphatic system").contains(id);
        assertThat(listed.body()).contains(id);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(afterDelete.statusCode()).isEqualTo(200);
        assertThat(afterDelete.body()).doesNotContain(id);
    }

    private static void ask(TestApp app, String session, String content) {
        HttpResponse<String> reply =
                app.postJson("/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"" + content + "\"}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    }

    private static List<String> contents(TestApp app, String session) {
        JsonNode stored =
                JsonPaths.tree(app.get("/api/sessions/" + session, ALICE).body());
        List<String> contents = new ArrayList<>();
        stored.get("messages").forEach(m -> contents.add(m.get("content").asText()));
        return contents;
    }
}
