package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.Multipart;
import com.researchassistant.testing.SeparateInstance;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.TestApp;
import com.researchassistant.testing.TestFiles;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is killed with {@code kill -9} in the middle of an import; a new server on the same
 * data directory resumes it from its checkpoint and ends with every document once. The killed
 * server is a separate JVM started from {@code Main}, as in production.
 */
@Timeout(240)
class ImportKilledIT {

    private static final int NOTES = 300;

    @TempDir
    Path dir;

    /** The killed instance's import is adopted after this, not production's 15 s. */
    private static final String LEASE = "3s";

    private SeparateInstance doomed;
    private TestApp survivor;

    @AfterEach
    void stop() throws InterruptedException {
        if (doomed != null) {
            doomed.kill();
        }
        if (survivor != null) {
            survivor.close();
        }
    }

    @Test
    void a_kill_mid_import_resumes_on_the_next_start_without_duplicates_or_losses() throws Exception {
        // given a server in its own JVM, importing a zip of notes
        Path data = dir.resolve("data");
        doomed = SeparateInstance.start(
                Map.of("RA_DATA_DIR", data.toString(), "RA_IMPORT_LEASE", LEASE, "RA_IMPORT_POLL", "300ms"),
                dir.resolve("doomed.log"));
        doomed.awaitHealthy(Duration.ofSeconds(90));
        Map<String, byte[]> zip = new LinkedHashMap<>();
        for (int n = 0; n < NOTES; n++) {
            zip.put(
                    "notes/note-" + n + ".txt",
                    ("Note " + n + ": sleep, memory and replay, observation " + n + " of the series, marker w" + n
                                    + ".")
                            .getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> accepted = TestApp.send(
                doomed.http(),
                HttpRequest.newBuilder(doomed.uri("/api/library/imports"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + ALICE)
                        .header("Content-Type", Multipart.contentType())
                        .POST(Multipart.files("files", Map.of("notes.zip", TestFiles.zip(zip))))
                        .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();

        // when it is killed once some notes are in, and a new server starts on the same data
        try (SseClient events = SseClient.open(
                doomed.http(),
                HttpRequest.newBuilder(doomed.uri(location + "/events"))
                        .header("Authorization", "Bearer " + ALICE)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build())) {
            while (true) {
                SseClient.Event event = events.nextNamed("progress");
                if (JsonPaths.tree(event.data()).get("totals").get("done").asInt() >= 20) {
                    break;
                }
            }
            assertThat(doomed.kill()).isTrue(); // SIGKILL
        }
        survivor = TestApp.start(data, Map.of("RA_IMPORT_LEASE", LEASE, "RA_IMPORT_POLL", "300ms"));

        // then the import resumes and ends with every note once
        JsonNode[] state = new JsonNode[1];
        Eventually.await(
                Duration.ofSeconds(150),
                () -> {
                    state[0] = JsonPaths.tree(survivor.get(location, ALICE).body());
                    return state[0].get("status").asText().equals("done");
                },
                "the resumed import to end");
        JsonNode totals = state[0].get("totals");
        assertThat(totals.get("entries").asInt()).isEqualTo(NOTES);
        assertThat(totals.get("indexed").asInt()).isEqualTo(NOTES);
        assertThat(totals.get("duplicates").asInt()).isZero();
        assertThat(totals.get("failed").asInt()).isZero();
        JsonNode documents = JsonPaths.tree(
                        survivor.get("/api/library/documents", ALICE).body())
                .get("documents");
        Set<String> titles = new HashSet<>();
        for (JsonNode d : documents) {
            assertThat(d.get("status").asText()).as(d.toString()).isEqualTo("ready");
            titles.add(d.get("title").asText());
        }
        assertThat(documents.size()).isEqualTo(NOTES);
        assertThat(titles).hasSize(NOTES);
        List<String> lines =
                survivor.get(location + "/events", ALICE).body().lines().toList();
        List<String> started = java.util.stream.IntStream.range(0, lines.size() - 1)
                .filter(i -> lines.get(i).equals("event: started"))
                .mapToObj(i -> lines.get(i + 1))
                .toList();
        assertThat(started).hasSize(2);
        assertThat(started.get(1)).doesNotContain("\"resumedFrom\":0,");
        assertThat(data.resolve("imports").toFile().list()).isEmpty();
    }
}
