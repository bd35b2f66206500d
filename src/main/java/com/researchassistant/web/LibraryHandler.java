package com.researchassistant.web;

import com.researchassistant.library.Document;
import com.researchassistant.library.Library;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** The library API: upload, list, read, delete, search, and the one-click sample library. */
final class LibraryHandler {

    private static final int MAX_K = 50;

    private final Library library;
    private final Identities identities;
    private final UploadReader uploads;
    private final UploadBuffer buffer;

    LibraryHandler(Library library, Identities identities, UploadReader uploads, UploadBuffer buffer) {
        this.library = library;
        this.identities = identities;
        this.uploads = uploads;
        this.buffer = buffer;
    }

    /**
     * Takes a document in. Its bytes count against the upload buffer from before the body is read
     * until the library has parsed it: the declared length, or the limit when the body is chunked.
     */
    void upload(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        UploadReader.Form form = UploadReader.form(req);
        long declared = req.headers().contentLength().orElse(uploads.maxBodyBytes());
        if (declared > uploads.maxBodyBytes()) {
            throw LimitedStream.tooLarge(uploads.maxBodyBytes());
        }
        UploadBuffer.Lease lease = buffer.reserve(declared);
        try (lease;
                UploadReader.Received upload = uploads.read(req, form)) {
            Document document = library.ingest(owner, upload.upload());
            res.header(HeaderNames.LOCATION, "/api/library/documents/" + document.id());
            Responses.json(req, res, 201, Dto.DocumentDto.of(document));
        }
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(
                req,
                res,
                200,
                new Dto.DocumentList(
                        library.list(owner).stream().map(Dto.DocumentDto::of).toList()));
    }

    void get(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Document document =
                library.find(owner, PathIds.document(req)).orElseThrow(() -> ApiException.notFound("document"));
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
        Responses.json(
                req,
                res,
                200,
                new Dto.SearchResults(library.search(owner, query, k).stream()
                        .map(Dto.SearchHit::of)
                        .toList()));
    }

    void loadSamples(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(
                req,
                res,
                201,
                new Dto.DocumentList(library.loadSamples(owner).stream()
                        .map(Dto.DocumentDto::of)
                        .toList()));
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
