package com.researchassistant.web;

import static com.researchassistant.testing.ApiErrors.assertError;
import static com.researchassistant.testing.TestApp.ALICE;
import static com.researchassistant.testing.TestApp.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.Multipart;
import com.researchassistant.testing.SseClient;
import com.researchassistant.testing.StubLlmServer;
import com.researchassistant.testing.TestApp;
import com.researchassistant.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class LibraryApiIT {

    @TempDir
    Path dir;

    private final StubLlmServer stub = StubLlmServer.start();
    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        stub.close();
    }

    private HttpResponse<String> upload(String key, String filename, String type, byte[] content) {
        return app.send(app.request("/api/library/documents", key)
                .header("Content-Type", Multipart.contentType())
                .POST(Multipart.file("file", filename, type, content))
                .build());
    }

    @Test
    void uploads_lists_searches_and_deletes_documents_per_identity() {
        // given
        app = TestApp.start(dir, Map.of());

        // when
        HttpResponse<String> pdf = upload(
                ALICE,
                "circadian.pdf",
                "application/pdf",
                TestFiles.textPdf(List.of(
                        List.of("Circadian rhythms are driven by the suprachiasmatic nucleus."),
                        List.of("Melatonin secretion rises in darkness and signals night to the body."))));
        HttpResponse<String> text = app.postJson(
                "/api/library/documents",
                ALICE,
                "{\"title\":\"Bread\",\"text\":\"Bread dough rises because yeast ferments sugars into carbon dioxide.\"}");
        HttpResponse<String> search = app.get("/api/library/search?q=melatonin%20darkness&k=3", ALICE);
        HttpResponse<String> bobSearch = app.get("/api/library/search?q=melatonin%20darkness", BOB);

        // then
        assertThat(pdf.statusCode()).as(pdf.body()).isEqualTo(201);
        assertThat(text.statusCode()).as(text.body()).isEqualTo(201);
        String pdfId = JsonPaths.text(pdf.body(), "id");
        assertThat(JsonPaths.text(pdf.body(), "status")).isEqualTo("ready");
        assertThat(JsonPaths.tree(app.get("/api/library/documents", ALICE).body())
                        .at("/documents")
                        .size())
                .isEqualTo(2);
        JsonNode hits = JsonPaths.tree(search.body()).at("/results");
        assertThat(hits.get(0).at("/documentId").asText()).isEqualTo(pdfId);
        assertThat(hits.get(0).at("/location").asText()).isEqualTo("p. 2");
        assertThat(hits.get(0).at("/text").asText()).contains("Melatonin");
        assertThat(JsonPaths.tree(bobSearch.body()).at("/results").size()).isZero();
        assertThat(app.get("/api/library/documents/" + pdfId, BOB).statusCode()).isEqualTo(404);
        assertThat(app.delete("/api/library/documents/" + pdfId, BOB).statusCode())
                .isEqualTo(404);
        assertThat(app.delete("/api/library/documents/" + pdfId, ALICE).statusCode())
                .isEqualTo(204);
        JsonNode after = JsonPaths.tree(app.get("/api/library/search?q=melatonin%20darkness", ALICE)
                        .body())
                .at("/results");
        after.forEach(hit -> assertThat(hit.at("/documentId").asText()).isNotEqualTo(pdfId));
    }

    @Test
    void bad_uploads_get_clear_errors_and_leave_nothing_behind() {
        // given
        app = TestApp.start(dir, Map.of("RA_MAX_UPLOAD_BYTES", "4096"));
        byte[] valid = TestFiles.textPdf(List.of(List.of("A page of text about sleep.")));

        // then
        assertError(
                upload(ALICE, "broken.pdf", "application/pdf", java.util.Arrays.copyOf(valid, valid.length / 2)),
                400,
                "corrupt_document");
        assertError(
                upload(ALICE, "photo.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2}),
                415,
                "unsupported_media_type");
        assertError(
                upload(ALICE, "big.txt", "text/plain", "x".repeat(80_000).getBytes(StandardCharsets.UTF_8)),
                413,
                "body_too_large");
        assertError(upload(ALICE, "empty.txt", "text/plain", new byte[0]), 400, "empty_document");
        assertError(
                app.send(app.request("/api/library/documents", ALICE)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hi"))
                        .build()),
                415,
                "unsupported_media_type");
        assertError(app.postJson("/api/library/documents", ALICE, "{\"title\":\"t\"}"), 400, "missing_field");
        assertError(app.get("/api/library/search", ALICE), 400, "missing_field");
        assertError(app.get("/api/library/search?q=x&k=0", ALICE), 400, "invalid_field");
        assertError(app.get("/api/library/search?q=x&k=abc", ALICE), 400, "invalid_field");
        assertThat(JsonPaths.tree(app.get("/api/library/documents", ALICE).body())
                        .at("/documents")
                        .size())
                .isZero();
    }

    @Test
    void the_sample_library_loads_once_and_grounds_a_retrieval_only_answer_without_a_model() {
        // given
        app = TestApp.start(dir, Map.of());
        HttpResponse<String> first = app.postJson("/api/library/samples", ALICE, "{}");
        HttpResponse<String> again = app.postJson("/api/library/samples", ALICE, "{}");
        String session = app.newSession(ALICE);

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(
                app.http(),
                app.streamMessage(session, ALICE, "{\"content\":\"How does sleep help memory consolidation?\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }

        // then
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(JsonPaths.tree(first.body()).at("/documents").size()).isGreaterThanOrEqualTo(3);
        assertThat(JsonPaths.tree(again.body()).at("/documents").size()).isZero();
        assertThat(events)
                .extracting(SseClient.Event::name)
                .containsExactly("meta", "plan", "sources", "token", "trace", "done");
        assertThat(JsonPaths.tree(events.get(2).data()).at("/sources/0/title").asText())
                .isNotBlank();
        assertThat(JsonPaths.text(events.get(3).data(), "text"))
                .contains("Retrieval-only answer")
                .containsPattern("\\[\\d]");
        assertThat(JsonPaths.text(events.get(5).data(), "notice")).isEqualTo("retrieval_only");
    }

    @Test
    void with_a_model_the_sources_come_before_the_tokens_and_reach_the_prompt(@TempDir Path other) {
        // given
        stub.scriptOnly(StubLlmServer::streams);
        app = TestApp.withModel(other, stub, Map.of());
        app.postJson(
                "/api/library/documents",
                ALICE,
                "{\"title\":\"Power notes\",\"text\":\"Statistical power is the probability of detecting a true effect.\"}");
        String session = app.newSession(ALICE);

        // when
        List<SseClient.Event> events;
        try (SseClient sse = SseClient.open(
                app.http(), app.streamMessage(session, ALICE, "{\"content\":\"What is statistical power?\"}"))) {
            events = sse.readAll().stream()
                    .filter(e -> !e.name().equals(":")
                            && !e.name().equals("safety")
                            && !e.name().equals("title"))
                    .toList();
        }

        // then
        assertThat(events.get(0).name()).isEqualTo("meta");
        assertThat(events.get(1).name()).isEqualTo("plan");
        assertThat(events.get(2).name()).isEqualTo("sources");
        assertThat(events.getLast().name()).isEqualTo("done");
        String prompt = JsonPaths.tree(stub.streamedRequests().getLast().body())
                .at("/messages/0/content")
                .asText();
        assertThat(prompt).contains("<source n=\"1\" title=\"Power notes\"").contains("probability of detecting");
        JsonNode stored =
                JsonPaths.tree(app.get("/api/sessions/" + session, ALICE).body());
        assertThat(stored.at("/messages/1/sources/0/title").asText()).isEqualTo("Power notes");
    }

    @Test
    void documents_and_conversations_survive_a_restart() {
        // given
        String session;
        try (TestApp first = TestApp.start(dir, Map.of())) {
            first.postJson(
                    "/api/library/documents",
                    ALICE,
                    "{\"title\":\"Tides\",\"text\":\"Tides are caused mainly by the gravitational pull of the Moon.\"}");
            session = first.newSession(ALICE);
            first.postJson("/api/sessions/" + session + "/messages", ALICE, "{\"content\":\"What causes tides?\"}");
        }

        // when
        app = TestApp.start(dir, Map.of());

        // then
        JsonNode hits = JsonPaths.tree(
                        app.get("/api/library/search?q=moon%20gravity", ALICE).body())
                .at("/results");
        assertThat(hits.get(0).at("/title").asText()).isEqualTo("Tides");
        JsonNode stored =
                JsonPaths.tree(app.get("/api/sessions/" + session, ALICE).body());
        assertThat(stored.at("/messages").size()).isEqualTo(2);
        assertThat(stored.at("/messages/1/sources/0/title").asText()).isEqualTo("Tides");
    }

    @Test
    void a_pdf_too_large_to_keep_in_memory_is_parsed_from_a_spool_file_that_is_then_removed() throws IOException {
        // given: a short text and a large incompressible metadata stream
        app = TestApp.start(dir, Map.of());
        byte[] filler = new byte[UploadReader.IN_MEMORY_BYTES + 100_000];
        new java.util.Random(7).nextBytes(filler);
        byte[] pdf;
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("Glymphatic clearance of the brain is strongest during deep sleep.");
                content.endText();
            }
            doc.getDocumentCatalog()
                    .setMetadata(new org.apache.pdfbox.pdmodel.common.PDMetadata(
                            doc, new java.io.ByteArrayInputStream(filler)));
            doc.save(out);
            pdf = out.toByteArray();
        }
        assertThat(pdf.length).isGreaterThan(UploadReader.IN_MEMORY_BYTES);

        // when
        HttpResponse<String> res = upload(ALICE, "large.pdf", "application/pdf", pdf);

        // then
        assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
        assertThat(JsonPaths.text(res.body(), "status")).isEqualTo("ready");
        assertThat(JsonPaths.text(res.body(), "bytes")).isEqualTo(Integer.toString(pdf.length));
        JsonNode hits = JsonPaths.tree(app.get("/api/library/search?q=glymphatic%20clearance", ALICE)
                        .body())
                .at("/results");
        assertThat(hits.get(0).at("/location").asText()).isEqualTo("p. 1");
        try (var left = java.nio.file.Files.list(dir.resolve("uploads"))) {
            assertThat(left).isEmpty();
        }
    }
}
