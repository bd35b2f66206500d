package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.research.ResearchSources;
import com.researchassistant.testing.FakeFetcher;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.ScriptedProvider;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import com.researchassistant.testing.Works;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research API through the real application: stub model on port 0, fake providers and
 * fetcher, real SQLite and embeddings. Each test speaks as its own identity, since one person may
 * run one research job at a time.
 */
@Timeout(180)
class ResearchApiIT {

    private static final String HANG = "[hang]";
    private static final Pattern WORD = Pattern.compile("\\s*\\S+");

    @TempDir
    static Path dir;

    private static StubLlmServer stub;
    private static TestApp app;

    @BeforeAll
    static void start() {
        stub = StubLlmServer.start().respondByDefault(ResearchApiIT::respond);
        ScriptedProvider openalex = ScriptedProvider.answering(
                "openalex",
                query -> List.of(
                        Works.openAccess(
                                "openalex",
                                "Memory replay during sleep",
                                "10.1/replay",
                                "https://oa.example.org/replay.html",
                                "Replay in slow-wave sleep."),
                        Works.paper(
                                "openalex", "Sleep spindles and recall", "10.1/spindles", "Spindles predict recall.")));
        FakeFetcher fetcher = new FakeFetcher()
                .page(
                        "https://oa.example.org/replay.html",
                        "text/html",
                        "<html><body><p>Slow-wave sleep replays memories of the day.</p></body></html>");
        app = TestApp.withModel(
                dir, stub, Map.of("RA_RESEARCH_POLL", "200ms"), new ResearchSources(List.of(openalex), true, fetcher));
    }

    @AfterAll
    static void stop() {
        app.close();
        stub.close();
    }

    /** The stub model: a plan, cited paragraphs, or silence for a question marked to hang. */
    private static StubResponse respond(RecordedRequest request) {
        String body = request.body();
        if (body.contains(HANG)) {
            return StubResponse.hangBeforeHeaders();
        }
        String text = body.contains("You plan research")
                ? "{\"subQuestions\": [\"What does replay do?\", \"What do spindles predict?\", \"What is missing?\"]}"
                : "Sleep replays the day's memories [1]. Spindles predict recall [2].";
        List<String> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return StubLlmServer.streams(request)
                ? StubResponse.tokens(tokens, Duration.ZERO)
                : StubResponse.completion(text);
    }

    private static String key(String name) {
        return name + "-key-0123456789abcdef";
    }

    private static HttpResponse<String> startResearch(String key, String session, String body) {
        return app.postJson("/api/sessions/" + session + "/research", key, body);
    }

    /** One server-sent event with its id. */
    record Event(long id, String name, String data) {
        JsonNode json() {
            return JsonPaths.tree(data);
        }
    }

    /** Opens the job's events (after {@code lastEventId} when not null) and reads until {@code stop} holds. */
    private static List<Event> events(String key, String job, String lastEventId, Predicate<Event> stop) {
        HttpRequest.Builder request = app.request("/api/research/" + job + "/events", key)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(120))
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        try {
            HttpResponse<InputStream> res = app.http().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                return read(reader, stop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Event> read(BufferedReader reader, Predicate<Event> stop) throws IOException {
        List<Event> events = new ArrayList<>();
        long id = -1;
        String name = "";
        String data = "";
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("id: ")) {
                id = Long.parseLong(line.substring(4));
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            } else if (line.isEmpty() && !name.isEmpty()) {
                Event event = new Event(id, name, data);
                events.add(event);
                name = "";
                if (stop.test(event)) {
                    return events;
                }
            }
        }
        return events;
    }

    private static boolean end(Event event) {
        return List.of("done", "failed", "cancelled").contains(event.name());
    }

    @Test
    void a_job_starts_with_202_streams_resumable_events_and_stores_its_report_in_the_conversation() {
        // given
        String key = key("carol");
        String session = app.newSession(key);

        // when
        HttpResponse<String> started = startResearch(
                key,
                session,
                "{\"question\":\"Does sleep help memory?\",\"depth\":\"quick\",\"sources\":[\"library\",\"openalex\"]}");

        // then
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String job = JsonPaths.text(started.body(), "/id");
        assertThat(started.headers().firstValue("Location")).contains("/api/research/" + job);
        assertThat(JsonPaths.text(started.body(), "/depth")).isEqualTo("quick");
        // a phone reads a few events and locks
        List<Event> before = events(key, job, null, e -> e.name().equals("selected"));
        long last = before.getLast().id();
        // it comes back with the last id it saw, and gets what it missed, nothing twice
        List<Event> after = events(key, job, Long.toString(last), ResearchApiIT::end);
        List<Event> all = events(key, job, null, ResearchApiIT::end);
        assertThat(after.getFirst().id()).isEqualTo(last + 1);
        List<Event> joined = new ArrayList<>(before);
        joined.addAll(after);
        assertThat(joined).isEqualTo(all);
        assertThat(all).extracting(Event::id).isSorted().doesNotHaveDuplicates().startsWith(1L);
        assertThat(all.getLast().name()).isEqualTo("done");
        assertThat(all)
                .extracting(Event::name)
                .contains(
                        "started",
                        "plan",
                        "searched",
                        "selected",
                        "read",
                        "section_started",
                        "section_delta",
                        "section_done",
                        "report");
        // the report is in the conversation, as an answer with its sources and trace
        String turnId = all.getLast().json().path("result").path("turnId").asText();
        JsonNode conversation =
                JsonPaths.tree(app.get("/api/sessions/" + session, key).body());
        JsonNode report = conversation.path("messages").get(1);
        assertThat(report.path("id").asText()).isEqualTo(turnId);
        assertThat(report.path("role").asText()).isEqualTo("assistant");
        assertThat(report.path("content").asText())
                .contains("## What does replay do?")
                .contains("## References");
        assertThat(report.path("sources")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(conversation.path("messages").get(0).path("content").asText())
                .isEqualTo("Does sleep help memory?");
        JsonNode status = JsonPaths.tree(app.get("/api/research/" + job, key).body());
        assertThat(status.path("status").asText()).isEqualTo("done");
        assertThat(status.path("report").path("content").asText())
                .isEqualTo(report.path("content").asText());
    }

    @Test
    void a_job_is_cancelled_from_its_endpoint_and_a_second_cancel_says_it_had_ended() {
        // given
        String key = key("dave");
        String session = app.newSession(key);
        String job = JsonPaths.text(
                startResearch(key, session, "{\"question\":\"Stall " + HANG + "\"}")
                        .body(),
                "/id");

        // when
        HttpResponse<String> cancel = app.postJson("/api/research/" + job + "/cancel", key, "");

        // then
        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(events(key, job, null, ResearchApiIT::end).getLast().name()).isEqualTo("cancelled");
        HttpResponse<String> again = app.postJson("/api/research/" + job + "/cancel", key, "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.text(again.body(), "/status")).isEqualTo("cancelled");
    }

    @Test
    void a_second_job_of_the_same_person_gets_429_with_retry_after_while_others_start_theirs() {
        // given
        String key = key("erin");
        String job = JsonPaths.text(
                startResearch(key, app.newSession(key), "{\"question\":\"Stall " + HANG + "\"}")
                        .body(),
                "/id");

        // when
        HttpResponse<String> second = startResearch(key, app.newSession(key), "{\"question\":\"Another one\"}");
        String other = key("frank");
        HttpResponse<String> someoneElse =
                startResearch(other, app.newSession(other), "{\"question\":\"Stall " + HANG + "\"}");

        // then
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        assertThat(JsonPaths.text(second.body(), "/error/code")).isEqualTo("too_many_research_jobs");
        assertThat(someoneElse.statusCode()).isEqualTo(202);
        app.postJson("/api/research/" + job + "/cancel", key, "");
        app.postJson("/api/research/" + JsonPaths.text(someoneElse.body(), "/id") + "/cancel", other, "");
    }

    @Test
    void another_identitys_job_answers_404_everywhere() {
        // given
        String key = key("grace");
        String job = JsonPaths.text(
                startResearch(key, app.newSession(key), "{\"question\":\"Stall " + HANG + "\"}")
                        .body(),
                "/id");
        String intruder = key("mallory");

        // then
        assertThat(app.get("/api/research/" + job, intruder).statusCode()).isEqualTo(404);
        assertThat(app.get("/api/research/" + job + "/events", intruder).statusCode())
                .isEqualTo(404);
        assertThat(app.postJson("/api/research/" + job + "/cancel", intruder, "")
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.postJson("/api/research/" + job + "/sources/1/library", intruder, "")
                        .statusCode())
                .isEqualTo(404);
        assertThat(startResearch(intruder, app.newSession(key), "{\"question\":\"Mine now\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.get("/api/research/" + job, key).statusCode()).isEqualTo(200);
        app.postJson("/api/research/" + job + "/cancel", key, "");
    }

    @Test
    void bad_input_gets_400_with_a_reason_and_starts_nothing() {
        // given
        String key = key("heidi");
        String session = app.newSession(key);

        // then
        for (String body : List.of(
                "{}",
                "{\"question\":\"  \"}",
                "{\"question\":7}",
                "{\"question\":\"Q\",\"depth\":\"forever\"}",
                "{\"question\":\"Q\",\"sources\":\"openalex\"}",
                "{\"question\":\"Q\",\"sources\":[\"google\"]}",
                "{\"question\":")) {
            HttpResponse<String> res = startResearch(key, session, body);
            assertThat(res.statusCode()).as(body).isEqualTo(400);
            assertThat(JsonPaths.text(res.body(), "/error/message")).as(body).isNotBlank();
        }
        assertThat(startResearch(key, "no-such-session", "{\"question\":\"Q\"}").statusCode())
                .isEqualTo(404);
        assertThat(app.get("/api/research/no-such-job", key).statusCode()).isEqualTo(404);
        HttpResponse<String> job = startResearch(key, session, "{\"question\":\"Sleep?\",\"depth\":\"quick\"}");
        String id = JsonPaths.text(job.body(), "/id");
        HttpResponse<String> badId = app.send(app.request("/api/research/" + id + "/events", key)
                .header("Last-Event-ID", "yesterday")
                .GET()
                .build());
        assertThat(badId.statusCode()).isEqualTo(400);
        events(key, id, null, ResearchApiIT::end);
    }

    @Test
    void a_report_source_is_kept_in_the_library_with_one_tap() {
        // given a finished job
        String key = key("ivan");
        String job = JsonPaths.text(
                startResearch(
                                key,
                                app.newSession(key),
                                "{\"question\":\"Does sleep replay memories?\",\"depth\":\"quick\"}")
                        .body(),
                "/id");
        events(key, job, null, ResearchApiIT::end);
        JsonNode sources =
                JsonPaths.tree(app.get("/api/research/" + job, key).body()).path("sources");
        int replay = -1;
        for (JsonNode source : sources) {
            if (source.path("title").asText().equals("Memory replay during sleep")) {
                replay = source.path("n").asInt();
            }
        }

        // when
        HttpResponse<String> kept = app.postJson("/api/research/" + job + "/sources/" + replay + "/library", key, "");

        // then
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(201);
        assertThat(JsonPaths.text(kept.body(), "/title")).isEqualTo("Memory replay during sleep");
        assertThat(app.get("/api/library/documents", key).body()).contains("Memory replay during sleep");
        assertThat(app.postJson("/api/research/" + job + "/sources/x/library", key, "")
                        .statusCode())
                .isEqualTo(400);
        assertThat(app.postJson("/api/research/" + job + "/sources/99/library", key, "")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void the_openai_face_lists_a_research_model_that_answers_with_a_report_streamed_or_whole() {
        // given
        String key = key("judy");
        String body =
                "{\"model\":\"research\",\"messages\":[{\"role\":\"user\",\"content\":\"Does sleep help memory?\"}]";

        // when
        HttpResponse<String> models = app.get("/v1/models", key);
        HttpResponse<String> whole = app.postJson("/v1/chat/completions", key, body + "}");
        HttpResponse<String> streamed = app.postJson("/v1/chat/completions", key, body + ",\"stream\":true}");

        // then
        assertThat(models.body()).contains("\"id\":\"research\"");
        assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
        assertThat(JsonPaths.text(whole.body(), "/model")).isEqualTo("research");
        assertThat(JsonPaths.text(whole.body(), "/choices/0/message/content")).contains("## References");
        assertThat(JsonPaths.tree(whole.body()).path("sources").size()).isGreaterThanOrEqualTo(2);
        assertThat(streamed.statusCode()).isEqualTo(200);
        assertThat(streamed.body())
                .contains("\"object\":\"chat.completion.chunk\"")
                .contains("## What does replay do?")
                .contains("\"finish_reason\":\"stop\"")
                .endsWith("data: [DONE]\n\n");
    }
}
