package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static com.researchassistant.testing.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.LinedPdf;
import com.researchassistant.testing.Multipart;
import com.researchassistant.testing.PaperText;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.TestApp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's endpoints on the real application: an answer citing a PDF whose page text and
 * positions are known, its passage shown on the right page with boxes over its lines, the page as
 * a PNG at the asked width with an ETag, refusals for other identities, absurd sizes and a damaged
 * original.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SourceViewerIT {

    @TempDir
    static Path dir;

    private final StubLlmServer stub = StubLlmServer.start();
    private TestApp app;
    private String paper;

    @BeforeAll
    void start() {
        app = TestApp.withModel(dir.resolve("data"), stub, Map.of());
        paper = upload(ALICE, "paper.pdf", "application/pdf", PaperText.pdf());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        stub.close();
    }

    @Test
    void an_answers_source_opens_on_its_page_with_boxes_over_the_passages_lines() {
        // given: an answer citing the paper
        String session = app.newSession(ALICE);
        HttpResponse<String> reply = app.postJson(
                "/api/sessions/" + session + "/messages",
                ALICE,
                "{\"content\":\"What do sleep spindles do for memory consolidation?\"}");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        JsonNode source = JsonPaths.tree(reply.body()).at("/message/sources/0");
        assertThat(source.path("documentId").asText()).isEqualTo(paper);
        assertThat(source.path("location").asText()).isEqualTo("p. 2");

        // when
        HttpResponse<String> res = app.get(
                "/api/library/documents/" + paper + "/view?passage="
                        + source.path("passage").asInt(),
                ALICE);

        // then
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode view = JsonPaths.tree(res.body());
        assertThat(view.path("kind").asText()).isEqualTo("page");
        assertThat(view.at("/document/original").asBoolean()).isTrue();
        assertThat(view.at("/page/number").asInt()).isEqualTo(2);
        assertThat(view.at("/page/count").asInt()).isEqualTo(3);
        assertThat(view.at("/page/match").asText()).isEqualTo("exact");
        assertThat(view.at("/page/image").asText()).isEqualTo("/api/library/documents/" + paper + "/pages/2");
        JsonNode boxes = view.at("/page/highlights");
        assertThat(boxes).hasSize(PaperText.PAGE_2.size());
        for (int i = 0; i < boxes.size(); i++) {
            JsonNode box = boxes.get(i);
            LinedPdf.Line line = LinedPdf.line(i, PaperText.PAGE_2.get(i));
            assertThat(box.path("x").asDouble()).isBetween(0.0, line.left() + 0.004);
            assertThat(box.path("x").asDouble() + box.path("width").asDouble()).isBetween(line.right() - 0.004, 1.0);
            assertThat(box.path("y").asDouble()).isLessThanOrEqualTo(line.capTop() + 0.004);
            assertThat(box.path("y").asDouble() + box.path("height").asDouble())
                    .isBetween(line.baseline() - 0.004, line.baseline() + 0.02);
        }
        assertThat(view.at("/passage/text").asText()).startsWith("Sleep spindles are bursts");
    }

    @Test
    void a_page_is_a_png_at_the_asked_width_kept_by_clients_under_its_etag() throws IOException {
        // when
        HttpResponse<byte[]> res = image("/api/library/documents/" + paper + "/pages/2?w=390&dpr=2", ALICE, null);

        // then
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("private, max-age=31536000, immutable");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(res.body()));
        assertThat(png.getWidth()).isEqualTo(832);
        assertThat(png.getHeight()).isEqualTo((int) Math.floor(LinedPdf.HEIGHT * 832 / LinedPdf.WIDTH));
        String etag = res.headers().firstValue("ETag").orElseThrow();

        // and asked again with its tag, nothing is drawn or sent
        HttpResponse<byte[]> again = image("/api/library/documents/" + paper + "/pages/2?w=390&dpr=2", ALICE, etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void the_render_queue_is_exported_as_a_metric() {
        // when
        HttpResponse<String> metrics = app.get("/metrics", null);

        // then
        assertThat(metrics.body()).containsPattern("(?m)^ra_viewer_renders [0-9.]+$");
    }

    @Test
    void another_identity_gets_404_for_the_passage_and_the_pages() {
        assertError(app.get("/api/library/documents/" + paper + "/view?passage=0", BOB), 404, "not_found");
        assertThat(image("/api/library/documents/" + paper + "/pages/1?w=390&dpr=2", BOB, null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void absurd_sizes_and_pages_are_refused_with_400_or_404() {
        String pages = "/api/library/documents/" + paper + "/pages/";
        for (String bad : List.of(
                pages + "1?w=100000&dpr=2",
                pages + "1?w=390&dpr=9",
                pages + "1?w=390&dpr=abc",
                pages + "1",
                pages + "1?w=-5")) {
            assertError(app.get(bad, ALICE), 400, null);
        }
        assertError(app.get(pages + "0?w=390", ALICE), 400, "invalid_field");
        assertError(app.get(pages + "4?w=390&dpr=2", ALICE), 404, "not_found");
        assertError(app.get(pages + "x?w=390", ALICE), 400, "invalid_field");
        assertError(app.get("/api/library/documents/" + paper + "/view", ALICE), 400, "missing_field");
        assertError(app.get("/api/library/documents/" + paper + "/view?passage=999", ALICE), 404, "not_found");
    }

    @Test
    void a_damaged_pdf_gives_a_clear_error_for_its_pages_and_its_text_in_the_view() throws SQLException {
        // given: a second PDF whose kept bytes were damaged before anyone viewed it
        String damaged = upload(ALICE, "damaged.pdf", "application/pdf", LinedPdf.of("Damaged", PaperText.PAGES));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/research-assistant.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate(
                    "UPDATE document_original_parts SET content = X'25504446' WHERE document_id = '" + damaged + "'");
        }

        // when
        HttpResponse<String> page = app.get("/api/library/documents/" + damaged + "/pages/1?w=390&dpr=2", ALICE);
        HttpResponse<String> view = app.get("/api/library/documents/" + damaged + "/view?passage=1", ALICE);

        // then
        assertError(page, 422, "unreadable_document");
        assertThat(JsonPaths.text(page.body(), "/error/message")).contains("damaged");
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        assertThat(JsonPaths.text(view.body(), "kind")).isEqualTo("text");
        assertThat(JsonPaths.text(view.body(), "notice")).contains("damaged");
    }

    private String upload(String key, String filename, String type, byte[] content) {
        HttpResponse<String> res = app.send(app.request("/api/library/documents", key)
                .header("Content-Type", Multipart.contentType())
                .POST(Multipart.file("file", filename, type, content))
                .build());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(JsonPaths.text(res.body(), "status")).isEqualTo("ready");
        return JsonPaths.text(res.body(), "id");
    }

    private HttpResponse<byte[]> image(String path, String key, String etag) {
        HttpRequest.Builder request = app.request(path, key).GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        try {
            return app.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(HttpResponse<String> res, int status, String code) {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(JsonPaths.text(res.body(), "/error/code")).isNotBlank();
        if (code != null) {
            assertThat(JsonPaths.text(res.body(), "/error/code")).isEqualTo(code);
        }
    }
}
