package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static com.researchassistant.testing.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.Multipart;
import com.researchassistant.testing.TestApp;
import com.researchassistant.testing.TestFiles;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The import API on the real server: 202 and a job, its state, its resumable events, cancel, errors. */
@Timeout(120)
class ImportApiIT {

    @TempDir
    Path dir;

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(dir, Map.of());
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private HttpResponse<String> upload(String key, Map<String, byte[]> files) {
        return app.send(app.request("/api/library/imports", key)
                .header("Content-Type", Multipart.contentType())
                .POST(Multipart.files("files", files))
                .build());
    }

    private JsonNode awaitEnd(String location, String key) {
        JsonNode[] state = new JsonNode[1];
        Eventually.await(
                Duration.ofSeconds(60),
                () -> {
                    state[0] = JsonPaths.tree(app.get(location, key).body());
                    return List.of("done", "failed", "cancelled")
                            .contains(state[0].get("status").asText());
                },
                "the import to end");
        return state[0];
    }

    /** The events of a finished import: id, name and data of each. */
    private List<String[]> events(String location, String key, String lastEventId) {
        HttpRequest.Builder request = app.request(location + "/events", key).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<String> res = app.send(request.GET().build());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String[]> events = new ArrayList<>();
        for (String frame : res.body().split("\n\n")) {
            String id = null;
            String name = null;
            String data = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (name != null) {
                events.add(new String[] {id, name, data});
            }
        }
        return events;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void an_import_answers_202_runs_as_a_job_and_its_events_resume_after_the_last_id_seen() {
        // given
        Map<String, byte[]> zip = new LinkedHashMap<>();
        zip.put("a.txt", utf8("Sleep spindles predict overnight memory gains in healthy adults."));
        zip.put("b.txt", utf8("Circadian rhythms are set by light and melatonin in every cell."));
        zip.put("c.txt", utf8("Sleep spindles predict overnight memory gains in healthy adults."));
        zip.put("scan.pdf", TestFiles.scannedPdf(2));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("notes.zip", TestFiles.zip(zip));
        files.put(
                "refs.bib",
                utf8(
                        "@article{k, title = {Replay in slow wave sleep}, author = {Ng, Lee},"
                                + " year = 2019, journal = {Sleep}, doi = {10.1000/replay}, abstract = {Replay supports memory.}}"));

        // when
        HttpResponse<String> res = upload(ALICE, files);

        // then
        assertThat(res.statusCode()).as(res.body()).isEqualTo(202);
        String location = res.headers().firstValue("Location").orElseThrow();
        assertThat(JsonPaths.tree(res.body()).get("files"))
                .extracting(JsonNode::asText)
                .containsExactly("notes.zip", "refs.bib");
        JsonNode state = awaitEnd(location, ALICE);
        assertThat(state.get("status").asText()).isEqualTo("done");
        JsonNode totals = state.get("totals");
        assertThat(List.of(
                        totals.get("entries").asInt(),
                        totals.get("indexed").asInt(),
                        totals.get("duplicates").asInt(),
                        totals.get("needsOcr").asInt()))
                .containsExactly(5, 3, 1, 1);
        assertThat(state.get("problems"))
                .extracting(p -> p.get("name").asText() + ":" + p.get("status").asText())
                .containsExactlyInAnyOrder("c.txt:duplicate", "scan.pdf:needs_ocr");

        List<String[]> all = events(location, ALICE, null);
        assertThat(all.get(0)[1]).isEqualTo("started");
        assertThat(all.get(all.size() - 1)[1]).isEqualTo("done");
        assertThat(all).extracting(e -> Long.parseLong(e[0])).isSorted().doesNotHaveDuplicates();
        String secondLast = all.get(all.size() - 3)[0];
        List<String> rest =
                events(location, ALICE, secondLast).stream().map(e -> e[0]).toList();
        assertThat(rest).containsExactly(all.get(all.size() - 2)[0], all.get(all.size() - 1)[0]);

        JsonNode documents =
                JsonPaths.tree(app.get("/api/library/documents", ALICE).body()).get("documents");
        JsonNode paper = null;
        for (JsonNode d : documents) {
            if (d.get("title").asText().equals("Replay in slow wave sleep")) {
                paper = d;
            }
        }
        assertThat(paper).as(documents.toString()).isNotNull();
        assertThat(paper.get("authors")).extracting(JsonNode::asText).containsExactly("Ng, Lee");
        assertThat(paper.get("year").asInt()).isEqualTo(2019);
        assertThat(paper.get("venue").asText()).isEqualTo("Sleep");
        assertThat(paper.get("doi").asText()).isEqualTo("10.1000/replay");
        assertThat(JsonPaths.tree(app.get("/api/library/imports", ALICE).body()).get("imports"))
                .extracting(i -> i.get("id").asText())
                .contains(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void nobody_else_sees_or_cancels_an_import() {
        // given
        HttpResponse<String> res = upload(ALICE, Map.of("x.txt", utf8("Slow waves and memory replay in rodents.")));
        String location = res.headers().firstValue("Location").orElseThrow();

        // then
        assertThat(app.get(location, BOB).statusCode()).isEqualTo(404);
        assertThat(app.get(location + "/events", BOB).statusCode()).isEqualTo(404);
        assertThat(app.postJson(location + "/cancel", BOB, "{}").statusCode()).isEqualTo(404);
        awaitEnd(location, ALICE);
        HttpResponse<String> late = app.postJson(location + "/cancel", ALICE, "{}");
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(late.body()).contains("\"cancelled\":false");
    }

    @Test
    void bad_requests_get_clear_errors_and_leave_nothing_behind() {
        HttpResponse<String> json = app.postJson("/api/library/imports", ALICE, "{\"files\":[]}");
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(json.body()).contains("unsupported_media_type");

        HttpResponse<String> none = app.send(app.request("/api/library/imports", ALICE)
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofString("--" + Multipart.BOUNDARY + "\r\nContent-Disposition:"
                        + " form-data; name=\"note\"\r\n\r\nhello\r\n--" + Multipart.BOUNDARY + "--\r\n"))
                .build());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("missing_field");

        HttpResponse<String> broken = app.send(app.request("/api/library/imports", ALICE)
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofString("--" + Multipart.BOUNDARY + "\r\nContent-Disposition:"
                        + " form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\ncut off"))
                .build());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(dir.resolve("imports").toFile().list()).isEmpty();

        assertThat(app.get("/api/library/imports/not-an-import", ALICE).statusCode())
                .isEqualTo(404);
        HttpResponse<String> res = upload(ALICE, Map.of("y.txt", utf8("Memory and sleep in older adults.")));
        String location = res.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> badId = app.send(app.request(location + "/events", ALICE)
                .header("Last-Event-ID", "soon")
                .GET()
                .build());
        assertThat(badId.statusCode()).isEqualTo(400);
        awaitEnd(location, ALICE);
    }
}
