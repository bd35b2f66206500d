package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.research.ResearchSources;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.FakeFetcher;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.RecordedRequest;
import com.researchassistant.testing.ScriptedProvider;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.StubResponse;
import com.researchassistant.testing.TestApp;
import com.researchassistant.testing.Works;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the web app needs of research beside the job itself: a conversation's jobs (to find a
 * running one after a reload, and the job behind a stored report), the sources a job may search,
 * and the report and its references as downloads.
 */
@Timeout(180)
class ResearchExportsIT {

    private static final String HANG = "[hang]";
    private static final Duration JOB_TIME = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static StubLlmServer stub;
    private static TestApp app;

    @BeforeAll
    static void start() {
        stub = StubLlmServer.start().respondByDefault(ResearchExportsIT::respond);
        ScriptedProvider openalex = ScriptedProvider.answering(
                "openalex",
                query -> List.of(
                        Works.paper(
                                "openalex", "Memory replay during sleep", "10.1/replay", "Replay in slow-wave sleep."),
                        Works.page(
                                "openalex",
                                "Spindles & recall: 50% better?",
                                "https://example.org/spindles",
                                "Spindles predict recall.")));
        app = TestApp.withModel(
                dir,
                stub,
                Map.of("RA_RESEARCH_POLL", "200ms"),
                new ResearchSources(List.of(openalex), true, new FakeFetcher()));
    }

    @AfterAll
    static void stop() {
        app.close();
        stub.close();
    }

    private static StubResponse respond(RecordedRequest request) {
        if (request.body().contains(HANG)) {
            return StubResponse.hangBeforeHeaders();
        }
        String text = request.body().contains("You plan research")
                ? "{\"subQuestions\": [\"What does replay do?\", \"What do spindles predict?\", \"What is missing?\"]}"
                : "Sleep replays the day's memories [1]. Spindles predict recall [2].";
        return StubLlmServer.streams(request)
                ? StubResponse.tokens(List.of(text), Duration.ZERO)
                : StubResponse.completion(text);
    }

    private static String key(String name) {
        return name + "-key-0123456789abcdef";
    }

    private static String research(String key, String session, String question) {
        HttpResponse<String> started = app.postJson(
                "/api/sessions/" + session + "/research",
                key,
                "{\"question\":\"" + question + "\",\"depth\":\"quick\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return JsonPaths.text(started.body(), "/id");
    }

    private static JsonNode status(String key, String job) {
        return JsonPaths.tree(app.get("/api/research/" + job, key).body());
    }

    @Test
    void a_conversation_lists_its_jobs_with_the_turns_of_their_question_and_report() {
        // given
        String key = key("hana");
        String session = app.newSession(key);
        String job = research(key, session, "Does sleep help memory?");
        Eventually.await(
                JOB_TIME, () -> status(key, job).path("status").asText().equals("done"), "the job to end");

        // when
        HttpResponse<String> listed = app.get("/api/sessions/" + session + "/research", key);

        // then
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode messages =
                JsonPaths.tree(app.get("/api/sessions/" + session, key).body()).path("messages");
        JsonNode only = JsonPaths.tree(listed.body()).path("jobs").get(0);
        assertThat(JsonPaths.tree(listed.body()).path("jobs")).hasSize(1);
        assertThat(only.path("id").asText()).isEqualTo(job);
        assertThat(only.path("status").asText()).isEqualTo("done");
        assertThat(only.path("question").asText()).isEqualTo("Does sleep help memory?");
        assertThat(only.path("depth").asText()).isEqualTo("quick");
        assertThat(only.path("questionTurnId").asText())
                .isEqualTo(messages.get(0).path("id").asText());
        assertThat(only.path("turnId").asText())
                .isEqualTo(messages.get(1).path("id").asText());
        assertThat(only.path("reportStatus").asText()).isEqualTo("complete");
        assertThat(messages.get(1).path("profile").asText()).isEqualTo("research");
        assertThat(app.get("/api/sessions/" + session + "/research", key("intruder"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void the_report_downloads_as_markdown_and_its_references_as_bibtex() {
        // given
        String key = key("ines");
        String session = app.newSession(key);
        String job = research(key, session, "Does sleep help memory?");
        Eventually.await(
                JOB_TIME, () -> status(key, job).path("status").asText().equals("done"), "the job to end");
        String report = status(key, job).path("report").path("content").asText();

        // when
        HttpResponse<String> markdown = app.get("/api/research/" + job + "/report.md", key);
        HttpResponse<String> bibtex = app.get("/api/research/" + job + "/references.bib", key);

        // then
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
        assertThat(markdown.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"research-" + job + ".md\"");
        assertThat(markdown.body())
                .startsWith("# Does sleep help memory?\n\n_Research report (quick depth), ")
                .endsWith(report.strip() + "\n")
                .contains("## References");
        assertThat(bibtex.statusCode()).isEqualTo(200);
        assertThat(bibtex.headers().firstValue("Content-Type")).hasValue("application/x-bibtex; charset=utf-8");
        assertThat(bibtex.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"research-" + job + ".bib\"");
        assertThat(bibtex.body())
                .contains(
                        "@article{lovelace2021memory,",
                        "doi = {10.1/replay}",
                        "journal = {Journal of Sleep Research}",
                        "title = {{Spindles \\& recall: 50\\% better?}}",
                        "url = {https://example.org/spindles}");
        assertThat(app.get("/api/research/" + job + "/references.bib", key("intruder"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(app.get("/api/research/" + job + "/report.md", key("intruder"))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void a_running_job_is_listed_unfinished_and_its_report_is_not_ready_to_download() {
        // given
        String key = key("jon");
        String session = app.newSession(key);
        String job = research(key, session, "Stall " + HANG);

        // when
        JsonNode listed = JsonPaths.tree(
                        app.get("/api/sessions/" + session + "/research", key).body())
                .path("jobs");
        HttpResponse<String> markdown = app.get("/api/research/" + job + "/report.md", key);

        // then
        assertThat(listed.get(0).path("status").asText()).isIn("queued", "running");
        assertThat(listed.get(0).path("turnId").asText()).isEmpty();
        assertThat(markdown.statusCode()).isEqualTo(409);
        assertThat(JsonPaths.text(markdown.body(), "/error/code")).isEqualTo("report_not_ready");
        app.postJson("/api/research/" + job + "/cancel", key, "");
    }

    @Test
    void the_sources_a_job_may_search_are_listed_in_their_configured_order() {
        // when
        HttpResponse<String> sources = app.get("/api/research/sources", key("kim"));

        // then
        assertThat(sources.statusCode()).isEqualTo(200);
        assertThat(JsonPaths.tree(sources.body()).path("sources"))
                .extracting(JsonNode::asText)
                .containsExactly("library", "openalex");
    }
}
