package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.library.Document;
import com.researchassistant.library.Library;
import com.researchassistant.library.Upload;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/** The library API: upload, list, read, delete, search, and the one-click sample library. */
final class LibraryHandler {

    /** Room for multipart boundaries and form fields on top of the file itself. */
    private static final int MULTIPART_OVERHEAD = 64 * 1024;
    private static final int MAX_K = 50;

    private final Library library;
    private final Identities identities;
    private final int maxUploadBytes;
    /** Uploads are held in memory while parsed; a few at a time keeps the heap bounded. */
    private final Semaphore uploads;

    LibraryHandler(Library library, Identities identities, int maxUploadBytes, int concurrentUploads) {
        this.library = library;
        this.identities = identities;
        this.maxUploadBytes = maxUploadBytes;
        this.uploads = new Semaphore(concurrentUploads);
    }

    void upload(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        if (!uploads.tryAcquire()) {
            throw new ApiException(429, "uploads_busy", "Other uploads are in progress. Please retry shortly.", 5);
        }
        try {
            Document document = library.ingest(owner, readUpload(req));
            res.header(HeaderNames.LOCATION, "/api/library/documents/" + document.id());
            Responses.json(req, res, 201, Dto.DocumentDto.of(document));
        } finally {
            uploads.release();
        }
    }

    private Upload readUpload(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            ObjectNode body = JsonBodies.parseObject(JsonBodies.readBounded(req, maxUploadBytes + MULTIPART_OVERHEAD));
            String title = JsonBodies.optionalString(body, "title").map(String::strip).orElse("");
            String text = JsonBodies.requiredString(body, "text");
            if (title.isEmpty()) {
                throw ApiException.badRequest("missing_field", "'title' is required for a text document.");
            }
            return Upload.text(title, text);
        }
        if (!type.startsWith("multipart/form-data")) {
            throw new ApiException(415, "unsupported_media_type",
                    "Upload a file as multipart/form-data (field 'file'), or send JSON {\"title\",\"text\"}.");
        }
        String boundary = MultipartForm.boundary(req.headers().first(HeaderNames.CONTENT_TYPE).orElseThrow())
                .orElseThrow(() -> ApiException.badRequest("invalid_multipart", "The multipart boundary is missing."));
        List<MultipartForm.Part> parts =
                MultipartForm.parse(JsonBodies.readBounded(req, maxUploadBytes + MULTIPART_OVERHEAD), boundary);
        MultipartForm.Part file = parts.stream().filter(p -> p.name().equals("file")).findFirst()
                .or(() -> parts.stream().filter(p -> p.filename().isPresent()).findFirst())
                .orElseThrow(() -> ApiException.badRequest("missing_field", "Send the document in a field named 'file'."));
        Optional<String> title = parts.stream().filter(p -> p.name().equals("title")).findFirst()
                .map(p -> new String(p.body(), java.nio.charset.StandardCharsets.UTF_8).strip())
                .filter(t -> !t.isEmpty());
        return new Upload(file.filename(), file.contentType(), title, file.body());
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(req, res, 200,
                new Dto.DocumentList(library.list(owner).stream().map(Dto.DocumentDto::of).toList()));
    }

    void get(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Document document = library.find(owner, PathIds.document(req)).orElseThrow(() -> ApiException.notFound("document"));
        Responses.json(req, res, 200, Dto.DocumentDto.of(document));
    }

    void delete(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        if (!library.delete(owner, PathIds.document(req))) {
            throw ApiException.notFound("document");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    void search(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String query = req.query().first("q").map(String::strip).orElse("");
        if (query.isEmpty()) {
            throw ApiException.badRequest("missing_field", "Give a query as ?q=...");
        }
        int k = req.query().first("k").map(LibraryHandler::parseK).orElse(5);
        Responses.json(req, res, 200, new Dto.SearchResults(
                library.search(owner, query, k).stream().map(Dto.SearchHit::of).toList()));
    }

    void loadSamples(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(req, res, 201,
                new Dto.DocumentList(library.loadSamples(owner).stream().map(Dto.DocumentDto::of).toList()));
    }

    private static int parseK(String raw) {
        String digits = raw.strip();
        if (digits.matches("[0-9]{1,3}")) {
            int k = Integer.parseInt(digits);
            if (k >= 1 && k <= MAX_K) {
                return k;
            }
        }
        throw ApiException.badRequest("invalid_field", "'k' must be a whole number from 1 to " + MAX_K + ".");
    }

}
