package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static com.researchassistant.testing.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The API of issue 16 end to end on the real app: linked devices (two cookie jars as two
 * browsers), shared snapshots and their isolation, collections scoping answers, conversation
 * search; 404 for other identities' ids, 400 for bad input.
 */
@Timeout(180)
class PersonalApiIT {

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start().scriptOnly(StubLlmServer::streams);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private TestApp app;

    @BeforeEach
    void start() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        logs.start();
        app = TestApp.withModel(dir, stub, Map.of("RA_CITATION_BUDGET", "30s"));
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        app.close();
        stub.close();
    }

    /** A browser: the identity cookie the page gave it on a first visit. */
    private record Browser(String cookie) {}

    private Browser browser() {
        HttpResponse<String> page = TestApp.send(
                app.http(), HttpRequest.newBuilder(app.uri("/")).GET().build());
        return new Browser(page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0]);
    }

    private HttpResponse<String> call(Browser browser, String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path))
                .timeout(Duration.ofSeconds(30))
                .header("Cookie", browser.cookie());
        b = json == null
                ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return app.send(b.build());
    }

    private String session(Browser http, String title) {
        return JsonPaths.text(
                call(http, "POST", "/api/sessions", "{\"title\":\"" + title + "\"}")
                        .body(),
                "id");
    }

    private static List<String> titles(HttpResponse<String> list) {
        return JsonPaths.tree(list.body()).at("/sessions").findValuesAsText("title");
    }

    @Test
    void
            a_browser_that_enters_the_code_shares_conversations_with_the_one_that_showed_it_and_the_code_is_never_logged() {
        // given: a phone and a laptop, each with a conversation of its own
        Browser phone = browser();
        Browser laptop = browser();
        session(phone, "Started on the phone");
        session(laptop, "Started on the laptop");

        // when
        HttpResponse<String> pairing = call(phone, "POST", "/api/devices/pairing", "{}");
        String code = JsonPaths.text(pairing.body(), "code");
        HttpResponse<String> wrong = call(laptop, "POST", "/api/devices/link", "{\"code\":\"2222-2222\"}");
        HttpResponse<String> linked = call(laptop, "POST", "/api/devices/link", "{\"code\":\"" + code + "\"}");

        // then
        assertThat(pairing.statusCode()).isEqualTo(201);
        assertThat(pairing.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(JsonPaths.text(pairing.body(), "link")).endsWith("/#/link/" + code.replace("-", ""));
        assertThat(JsonPaths.tree(pairing.body()).at("/qr/size").asInt()).isGreaterThanOrEqualTo(21);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(JsonPaths.text(wrong.body(), "/error/code")).isEqualTo("invalid_code");
        assertThat(wrong.body()).doesNotContain("2222");
        assertThat(linked.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(linked.body()).at("/devices").size()).isEqualTo(2);
        assertThat(titles(call(phone, "GET", "/api/sessions", null)))
                .containsExactlyInAnyOrder("Started on the phone", "Started on the laptop");
        assertThat(titles(call(laptop, "GET", "/api/sessions", null)))
                .containsExactlyInAnyOrder("Started on the phone", "Started on the laptop");
        assertThat(call(laptop, "POST", "/api/devices/link", "{\"code\":\"" + code + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(logs.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains(code) || m.contains(code.replace("-", "")));
    }

    @Test
    void an_unlinked_browser_starts_afresh_and_cannot_come_back_by_itself() {
        // given
        Browser phone = browser();
        Browser laptop = browser();
        session(phone, "Phone notes");
        String code =
                JsonPaths.text(call(phone, "POST", "/api/devices/pairing", "{}").body(), "code");
        call(laptop, "POST", "/api/devices/link", "{\"code\":\"" + code + "\"}");
        JsonNode devices =
                JsonPaths.tree(call(phone, "GET", "/api/devices", null).body()).at("/devices");
        String laptopId = "";
        String phoneId = "";
        for (JsonNode d : devices) {
            if (d.get("current").asBoolean()) {
                phoneId = d.get("id").asText();
            } else {
                laptopId = d.get("id").asText();
            }
        }

        // when
        HttpResponse<String> unlinked = call(phone, "DELETE", "/api/devices/" + laptopId, null);

        // then
        assertThat(unlinked.statusCode()).isEqualTo(204);
        assertThat(titles(call(laptop, "GET", "/api/sessions", null))).isEmpty();
        assertThat(titles(call(phone, "GET", "/api/sessions", null))).containsExactly("Phone notes");
        assertThat(call(phone, "DELETE", "/api/devices/" + laptopId, null).statusCode())
                .isEqualTo(404);
        assertThat(call(laptop, "DELETE", "/api/devices/" + phoneId, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void linking_is_for_browsers_and_refuses_pages_of_other_sites() {
        // given
        Browser laptop = browser();
        HttpRequest crossSite = HttpRequest.newBuilder(app.uri("/api/devices/link"))
                .header("Cookie", laptop.cookie())
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"2222-2222\"}"))
                .build();

        // then
        assertThat(app.send(crossSite).statusCode()).isEqualTo(403);
        HttpResponse<String> byKey = app.postJson("/api/devices/pairing", ALICE, "{}");
        assertThat(byKey.statusCode()).isEqualTo(400);
        assertThat(JsonPaths.text(byKey.body(), "/error/code")).isEqualTo("not_a_browser");
        assertThat(call(laptop, "POST", "/api/devices/link", "{}").statusCode()).isEqualTo(400);
        assertThat(call(laptop, "POST", "/api/devices/link", "{\"code\":7}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void a_shared_snapshot_shows_the_answer_and_its_cited_snippet_and_nothing_else_of_the_owner() throws Exception {
        // given: two documents, one conversation citing the first; another conversation
        app.postJson(
                "/api/library/documents",
                ALICE,
                "{\"title\":\"Spindle paper\",\"text\":\"Sleep spindles "
                        + "consolidate declarative memory during the night.\"}");
        app.postJson(
                "/api/library/documents",
                ALICE,
                "{\"title\":\"Private diary\",\"text\":\"ZEBRAQUOKKA is my "
                        + "private note about sleep and memory that nobody else may read.\"}");
        String other = app.newSession(ALICE);
        stub.enqueue(StubResponse.tokens(List.of("Unrelated words of another conversation."), Duration.ZERO));
        app.postJson("/api/sessions/" + other + "/messages", ALICE, "{\"content\":\"WOMBATQUESTION about tides?\"}");
        String session = app.newSession(ALICE);
        stub.enqueue(StubResponse.tokens(List.of("Spindles consolidate declarative memory [1]."), Duration.ZERO));
        app.postJson(
                "/api/sessions/" + session + "/messages",
                ALICE,
                "{\"content\":\"What do sleep spindles do for memory?\"}");

        // when
        HttpResponse<String> made = app.postJson("/api/sessions/" + session + "/shares", ALICE, "{\"days\":7}");
        String url = JsonPaths.text(made.body(), "url");
        String token = url.substring("/s/".length());
        stub.enqueue(StubResponse.tokens(List.of("LATERANSWER text."), Duration.ZERO));
        app.postJson("/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"LATERQUESTION please\"}");
        HttpResponse<String> shared = app.get("/api/shares/" + token, null);
        HttpResponse<String> page = app.get(url, null);

        // then
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(shared.statusCode()).isEqualTo(200);
        JsonNode snapshot = JsonPaths.tree(shared.body());
        assertThat(snapshot.at("/messages").size()).isEqualTo(2);
        assertThat(snapshot.at("/messages/1/content").asText()).contains("[1]");
        assertThat(snapshot.at("/messages/1/sources/0/title").asText()).isEqualTo("Spindle paper");
        assertThat(snapshot.at("/messages/1/sources/0/snippet").asText()).contains("Sleep spindles consolidate");
        assertThat(shared.body())
                .doesNotContain(
                        "ZEBRAQUOKKA",
                        "Private diary",
                        "WOMBATQUESTION",
                        "LATERQUESTION",
                        "LATERANSWER",
                        ownerId(ALICE),
                        ALICE,
                        session,
                        "documentId",
                        "owner");
        assertThat(shared.headers().firstValue("X-Robots-Tag"))
                .hasValueSatisfying(v -> assertThat(v).contains("noindex"));
        assertThat(shared.headers().firstValue("Referrer-Policy")).contains("no-referrer");
        assertThat(shared.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("noindex");
        assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    @Test
    void a_revoked_share_is_404_and_other_identities_cannot_share_list_or_revoke() {
        // given
        String session = app.newSession(ALICE);
        String made = app.postJson("/api/sessions/" + session + "/shares", ALICE, "{}")
                .body();
        String id = JsonPaths.text(made, "id");
        String token = JsonPaths.text(made, "url").substring("/s/".length());

        // then
        assertThat(app.postJson("/api/sessions/" + session + "/shares", BOB, "{}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.get("/api/sessions/" + session + "/shares", BOB).statusCode())
                .isEqualTo(404);
        assertThat(app.delete("/api/sessions/" + session + "/shares/" + id, BOB).statusCode())
                .isEqualTo(404);
        assertThat(app.postJson("/api/sessions/" + session + "/shares", ALICE, "{\"days\":0}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(app.postJson("/api/sessions/" + session + "/shares", ALICE, "{\"days\":\"7\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(JsonPaths.tree(app.get("/api/sessions/" + session + "/shares", ALICE)
                                .body())
                        .at("/shares")
                        .size())
                .isEqualTo(1);

        // when
        assertThat(app.delete("/api/sessions/" + session + "/shares/" + id, ALICE)
                        .statusCode())
                .isEqualTo(204);

        // then
        assertThat(app.get("/api/shares/" + token, null).statusCode()).isEqualTo(404);
        assertThat(app.get("/s/" + token, null).statusCode()).isEqualTo(404);
        assertThat(app.get("/s/not-a-token", null).statusCode()).isEqualTo(404);
        assertThat(app.get("/api/shares/" + "x".repeat(200), null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_conversation_scoped_to_a_collection_is_answered_from_its_documents_only() {
        // given: two documents on the same subject, a collection holding the second
        String first = JsonPaths.text(
                app.postJson(
                                "/api/library/documents",
                                ALICE,
                                "{\"title\":\"Outside paper\","
                                        + "\"text\":\"Sleep spindles help memory consolidation in adults.\"}")
                        .body(),
                "id");
        String second = JsonPaths.text(
                app.postJson(
                                "/api/library/documents",
                                ALICE,
                                "{\"title\":\"Course reading\","
                                        + "\"text\":\"Sleep spindles support memory consolidation in students.\"}")
                        .body(),
                "id");
        String course = JsonPaths.text(
                app.postJson("/api/collections", ALICE, "{\"name\":\"Sleep course\"}")
                        .body(),
                "id");
        HttpResponse<String> added = app.send(app.request("/api/collections/" + course + "/documents/" + second, ALICE)
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build());
        String session = app.newSession(ALICE);
        HttpResponse<String> scoped = app.send(app.request("/api/sessions/" + session + "/scope", ALICE)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"collectionId\":\"" + course + "\"}"))
                .build());

        // when
        stub.enqueue(StubResponse.tokens(List.of("From the course [1]."), Duration.ZERO));
        app.postJson(
                "/api/sessions/" + session + "/messages",
                ALICE,
                "{\"content\":\"What do sleep spindles do for memory consolidation?\"}");

        // then
        assertThat(added.statusCode()).isEqualTo(204);
        assertThat(scoped.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.text(scoped.body(), "/collection/name")).isEqualTo("Sleep course");
        JsonNode stored =
                JsonPaths.tree(app.get("/api/sessions/" + session, ALICE).body());
        assertThat(stored.at("/messages/1/sources").findValuesAsText("title")).containsOnly("Course reading");
        JsonNode within = JsonPaths.tree(app.get("/api/collections/" + course + "/search?q=spindles", ALICE)
                .body());
        assertThat(within.at("/results").findValuesAsText("documentId"))
                .containsOnly(second)
                .doesNotContain(first);
    }

    @Test
    void collections_and_scopes_of_other_identities_are_404_and_bad_input_is_400() {
        // given
        String doc = JsonPaths.text(
                app.postJson(
                                "/api/library/documents",
                                ALICE,
                                "{\"title\":\"Mine\",\"text\":\"Some text about tides.\"}")
                        .body(),
                "id");
        String course = JsonPaths.text(
                app.postJson("/api/collections", ALICE, "{\"name\":\"Tides\"}").body(), "id");
        String bobs = app.newSession(BOB);

        // then
        assertThat(app.get("/api/collections/" + course, BOB).statusCode()).isEqualTo(404);
        assertThat(app.delete("/api/collections/" + course, BOB).statusCode()).isEqualTo(404);
        assertThat(app.send(app.request("/api/collections/" + course + "/documents/" + doc, BOB)
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.get("/api/collections/" + course + "/search?q=tides", BOB)
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.send(app.request("/api/sessions/" + bobs + "/scope", ALICE)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"collectionId\":null}"))
                                .build())
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.send(app.request("/api/sessions/" + bobs + "/scope", BOB)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"collectionId\":\"" + course + "\"}"))
                                .build())
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.get("/api/sessions/" + bobs + "/scope", ALICE).statusCode())
                .isEqualTo(404);
        assertThat(app.postJson("/api/collections", ALICE, "{\"name\":\"  \"}").statusCode())
                .isEqualTo(400);
        assertThat(app.postJson("/api/collections", ALICE, "{\"name\":\"" + "x".repeat(101) + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(app.postJson("/api/collections", ALICE, "{}").statusCode()).isEqualTo(400);
        assertThat(app.get("/api/collections/" + course + "/search", ALICE).statusCode())
                .isEqualTo(400);
        assertThat(JsonPaths.tree(app.get("/api/collections", BOB).body())
                        .at("/collections")
                        .size())
                .isZero();
    }

    @Test
    void conversations_are_found_by_their_words_for_their_owner_only() {
        // given
        String mine = app.newSession(ALICE);
        app.send(app.request("/api/sessions/" + mine, ALICE)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"title\":\"Hippocampal replay\"}"))
                .build());
        app.newSession(BOB);

        // when
        HttpResponse<String> found = app.get("/api/sessions/search?q=hippocamp", ALICE);

        // then
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(found.body()).at("/results").findValuesAsText("id"))
                .containsExactly(mine);
        assertThat(JsonPaths.tree(
                                app.get("/api/sessions/search?q=hippocamp", BOB).body())
                        .at("/results")
                        .size())
                .isZero();
        assertThat(app.get("/api/sessions/search", ALICE).statusCode()).isEqualTo(400);
        assertThat(app.get("/api/sessions/search?q=a&limit=0", ALICE).statusCode())
                .isEqualTo(400);
    }

    /** The owner id the stores keep for a Bearer key, which a snapshot must not carry. */
    private static String ownerId(String key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 16);
    }
}
