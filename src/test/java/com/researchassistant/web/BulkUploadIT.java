package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.Multipart;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk import as a script would run it: four clients uploading short documents side by side,
 * half as multipart files and half as JSON text, every one answered 201 the first time. Uploads
 * share a byte buffer, not a count of slots, so short documents never crowd each other out, and
 * when the buffer is full an upload waits for room rather than being refused.
 */
@Timeout(600)
class BulkUploadIT {

    private static final String[] WORDS = ("sleep memory consolidation hippocampus replay cortex synapse plasticity "
                    + "rhythm circadian melatonin light dark neuron spindle slow wave dream recall encoding retrieval study "
                    + "sample effect power analysis trial cohort measure variance model estimate signal noise")
            .split(" ");

    @TempDir
    Path dir;

    private TestApp app;

    @AfterEach
    void stop() {
        app.close();
    }

    /** About 1.5 KB of sentences, different for each {@code n}. */
    static String text(int n) {
        StringBuilder text = new StringBuilder("Document " + n + ". ");
        for (int i = 0; text.length() < 1_500; i++) {
            text.append(WORDS[(n * 7 + i * 13) % WORDS.length]).append(i % 9 == 8 ? ". " : " ");
        }
        return text.toString().strip() + ".";
    }

    private HttpResponse<String> upload(int n) {
        if (n % 2 == 0) {
            return app.postJson(
                    "/api/library/documents", ALICE, "{\"title\":\"Note " + n + "\",\"text\":\"" + text(n) + "\"}");
        }
        return app.send(app.request("/api/library/documents", ALICE)
                .header("Content-Type", Multipart.contentType())
                .POST(Multipart.file(
                        "file", "note-" + n + ".txt", "text/plain", text(n).getBytes(StandardCharsets.UTF_8)))
                .build());
    }

    /** {@code clients} threads, started together, each uploading {@code perClient} documents in turn. */
    private List<HttpResponse<String>> importAll(int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<HttpResponse<String>>>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            work.add(pool.submit(() -> {
                start.await();
                List<HttpResponse<String>> mine = new ArrayList<>();
                for (int i = 0; i < perClient; i++) {
                    mine.add(upload(client * perClient + i));
                }
                return mine;
            }));
        }
        start.countDown();
        List<HttpResponse<String>> all = new ArrayList<>();
        for (Future<List<HttpResponse<String>>> f : work) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all;
    }

    private int documentCount() {
        return JsonPaths.tree(app.get("/api/library/documents", ALICE).body())
                .at("/documents")
                .size();
    }

    @Test
    void four_parallel_clients_import_two_hundred_short_documents_and_every_one_gets_201() throws Exception {
        // given
        app = TestApp.start(dir, Map.of());

        // when
        List<HttpResponse<String>> responses = importAll(4, 50);

        // then
        assertThat(responses)
                .allSatisfy(res -> assertThat(res.statusCode()).as(res.body()).isEqualTo(201));
        assertThat(documentCount()).isEqualTo(200);
        assertThat(app.get("/metrics", null).body()).contains("ra_upload_rejected_total 0.0");
    }

    @Test
    void with_room_for_two_uploads_the_other_clients_wait_for_it_instead_of_being_refused() throws Exception {
        // given: about 1.7 KB a request, so at most two of the four are read and parsed at once
        app = TestApp.start(dir, Map.of("RA_UPLOAD_BUFFER_BYTES", "4096"));

        // when
        List<HttpResponse<String>> responses = importAll(4, 10);

        // then
        assertThat(responses)
                .allSatisfy(res -> assertThat(res.statusCode()).as(res.body()).isEqualTo(201));
        assertThat(documentCount()).isEqualTo(40);
        assertThat(app.get("/metrics", null).body())
                .contains("ra_upload_rejected_total 0.0")
                .contains("ra_upload_buffer_bytes 0.0");
    }
}
