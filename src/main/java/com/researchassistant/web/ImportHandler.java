package com.researchassistant.web;

import com.researchassistant.imports.ImportState;
import com.researchassistant.imports.Imports;
import com.researchassistant.imports.Receiving;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.job.JobRefused;
import com.researchassistant.job.Jobs;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk imports: {@code POST /api/library/imports} takes a multipart form of files (a zip, many
 * documents, a BibTeX or CSL JSON file with its attachments), writes them to disk as they arrive,
 * and answers 202 with the import once it is recorded; the import runs as a job, followed with
 * {@code GET .../{id}} or the SSE stream {@code GET .../{id}/events} (resumable with {@code
 * Last-Event-ID}), and stopped with {@code POST .../{id}/cancel}.
 */
final class ImportHandler {

    private static final int LISTED = 20;
    /** Room for boundaries and part headers on top of the files. */
    private static final long FORM_OVERHEAD = 1L << 20;

    private final Imports imports;
    private final Identities identities;
    private final Heartbeat heartbeat;

    ImportHandler(Imports imports, Identities identities, Heartbeat heartbeat) {
        this.imports = imports;
        this.identities = identities;
        this.heartbeat = heartbeat;
    }

    void start(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ApiException(
                    415,
                    "unsupported_media_type",
                    "Send the files of an import as multipart/form-data, one part per file.");
        }
        long max = imports.settings().maxBytes() + FORM_OVERHEAD;
        if (req.headers().contentLength().orElse(0) > max) {
            throw LimitedStream.tooLarge(max);
        }
        String boundary = MultipartStream.boundary(type)
                .orElseThrow(() -> ApiException.badRequest("invalid_multipart", "The multipart boundary is missing."));
        try (Receiving received = imports.receive(owner)) {
            receive(req, boundary, max, received);
            if (received.count() == 0) {
                throw ApiException.badRequest("missing_field", "Send at least one file (a part with a file name).");
            }
            Job job = submit(received);
            res.header(HeaderNames.LOCATION, "/api/library/imports/" + job.id());
            Responses.json(
                    req,
                    res,
                    202,
                    Dto.ImportDto.of(imports.find(owner, job.id()).orElseThrow()));
        }
    }

    private void receive(ServerRequest req, String boundary, long max, Receiving received) {
        try (InputStream body = new LimitedStream(BodyStream.of(req), max)) {
            MultipartStream form =
                    new MultipartStream(body, boundary, imports.settings().maxEntries() + 16);
            for (Optional<MultipartStream.Part> part = form.next(); part.isPresent(); part = form.next()) {
                Optional<String> name =
                        part.get().filename().map(ImportHandler::baseName).filter(n -> !n.isBlank());
                if (name.isEmpty()) {
                    continue; // other fields are skipped
                }
                try (OutputStream out =
                        received.file(name.get(), part.get().contentType().orElse(""))) {
                    form.copyBody(out);
                }
            }
        } catch (Receiving.TooLarge e) {
            throw new ApiException(413, "body_too_large", e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Job submit(Receiving received) {
        try {
            return imports.submit(received);
        } catch (JobRefused e) {
            String message = switch (e.reason()) {
                case PER_IDENTITY -> "You already have " + e.limit() + " imports running; wait for one to finish.";
                case QUEUE_FULL ->
                    "The server has too many imports waiting; please retry in " + e.retryAfterSeconds() + " s.";
            };
            throw new ApiException(429, "too_many_imports", message, e.retryAfterSeconds());
        }
    }

    /** Browsers send a picked file's name alone; some tools send a path. */
    private static String baseName(String filename) {
        return filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .strip();
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(
                req,
                res,
                200,
                new Dto.ImportList(imports.list(owner, LISTED).stream()
                        .map(Dto.ImportDto::of)
                        .toList()));
    }

    void get(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ImportState state = imports.find(owner, PathIds.named(req, "id", "import"))
                .orElseThrow(() -> ApiException.notFound("import"));
        Responses.json(req, res, 200, Dto.ImportDto.of(state));
    }

    void cancel(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String id = PathIds.named(req, "id", "import");
        if (imports.find(owner, id).isEmpty()) {
            throw ApiException.notFound("import");
        }
        boolean cancelled = imports.cancel(owner, id);
        Responses.json(req, res, cancelled ? 202 : 200, Map.of("cancelled", cancelled));
    }

    /**
     * The import's events as SSE, each with its seq as the event id, from after {@code Last-Event-ID}
     * (or {@code ?after=}) to its last; a comment line while it is quiet.
     */
    void events(ServerRequest req, ServerResponse res) throws InterruptedException {
        String owner = identities.resolve(req, res);
        String id = PathIds.named(req, "id", "import");
        long after = after(req);
        Optional<Jobs.Batch> first = imports.events(owner, id, after, Duration.ZERO);
        if (first.isEmpty()) {
            throw ApiException.notFound("import");
        }
        SseWriter.streamHeaders(res);
        try (OutputStream out = res.outputStream()) {
            Jobs.Batch batch = first.get();
            while (true) {
                for (JobEvent event : batch.events()) {
                    write(out, "id: " + event.seq() + "\nevent: " + event.name() + "\ndata: " + event.data() + "\n\n");
                    after = event.seq();
                }
                if (batch.finished()) {
                    return;
                }
                if (batch.events().isEmpty()) {
                    write(out, ": waiting\n\n");
                }
                batch = imports.events(owner, id, after, heartbeat.interval()).orElseThrow();
            }
        } catch (IOException | UncheckedIOException e) {
            // the client left; the import goes on without it
        }
    }

    private static long after(ServerRequest req) {
        String raw = req.headers()
                .first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("after").asOptional())
                .orElse("0")
                .strip();
        if (!raw.matches("[0-9]{1,18}")) {
            throw ApiException.badRequest("invalid_field", "'Last-Event-ID' (or 'after') must be an event id.");
        }
        return Long.parseLong(raw);
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
