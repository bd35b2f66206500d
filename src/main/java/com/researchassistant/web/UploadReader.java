package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.library.Upload;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a library upload from the request: a multipart form streamed part by part (the file into
 * a {@link Spool}, an optional title, other fields skipped) or JSON {@code {"title","text"}}. The
 * whole body is bounded by the upload limit plus room for the form around the file (413 beyond).
 */
final class UploadReader {

    /** Room for multipart boundaries and form fields on top of the file itself. */
    static final int MULTIPART_OVERHEAD = 64 * 1024;
    /** File parts up to this size stay in memory; larger ones are written to the spool directory. */
    static final int IN_MEMORY_BYTES = 256 * 1024;

    private static final int MAX_TITLE_BYTES = 4 * 1024;

    /** The two forms of an upload. */
    enum Form {
        MULTIPART,
        JSON
    }

    /** An upload read from a request; closing it deletes its spool file, if it has one. */
    record Received(Upload upload, Optional<Spool> spool) implements AutoCloseable {
        @Override
        public void close() {
            spool.ifPresent(Spool::close);
        }
    }

    private final int maxUploadBytes;
    private final Path spoolDir;

    private UploadReader(int maxUploadBytes, Path spoolDir) {
        this.maxUploadBytes = maxUploadBytes;
        this.spoolDir = spoolDir;
    }

    /** A reader spooling into {@code spoolDir}, created if missing and emptied of files a crash left there. */
    static UploadReader open(int maxUploadBytes, Path spoolDir) {
        try {
            Files.createDirectories(spoolDir);
            try (DirectoryStream<Path> left = Files.newDirectoryStream(spoolDir, "upload-*.part")) {
                for (Path file : left) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload spool directory " + spoolDir, e);
        }
        return new UploadReader(maxUploadBytes, spoolDir);
    }

    /** The largest body an upload may have. */
    long maxBodyBytes() {
        return (long) maxUploadBytes + MULTIPART_OVERHEAD;
    }

    /** The form of the request's upload, or 415 for any other content type. */
    static Form form(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].strip();
        if (mediaType.equals("multipart/form-data")) {
            return Form.MULTIPART;
        }
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            JsonBodies.requireJsonType(req);
            return Form.JSON;
        }
        throw new ApiException(
                415,
                "unsupported_media_type",
                "Upload a file as multipart/form-data (field 'file'), or send JSON {\"title\",\"text\"}.");
    }

    Received read(ServerRequest req, Form form) {
        return switch (form) {
            case JSON -> new Received(json(req), Optional.empty());
            case MULTIPART -> multipart(req);
        };
    }

    private Upload json(ServerRequest req) {
        ObjectNode body = JsonBodies.parseObject(JsonBodies.readBounded(req, Math.toIntExact(maxBodyBytes())));
        String title =
                JsonBodies.optionalString(body, "title").map(String::strip).orElse("");
        String text = JsonBodies.requiredString(body, "text");
        if (title.isEmpty()) {
            throw ApiException.badRequest("missing_field", "'title' is required for a text document.");
        }
        return Upload.text(title, text);
    }

    private Received multipart(ServerRequest req) {
        String boundary = MultipartStream.boundary(
                        req.headers().first(HeaderNames.CONTENT_TYPE).orElse(""))
                .orElseThrow(() -> ApiException.badRequest("invalid_multipart", "The multipart boundary is missing."));
        Spool spool = new Spool(spoolDir, IN_MEMORY_BYTES);
        boolean handedOver = false;
        try (InputStream body = new LimitedStream(BodyStream.of(req), maxBodyBytes())) {
            MultipartStream form = new MultipartStream(body, boundary);
            Optional<MultipartStream.Part> file = Optional.empty();
            Optional<String> title = Optional.empty();
            for (Optional<MultipartStream.Part> part = form.next(); part.isPresent(); part = form.next()) {
                MultipartStream.Part p = part.get();
                if (p.name().equals("title")) {
                    title = Optional.of(title(form)).filter(t -> !t.isEmpty());
                } else if (file.isEmpty()
                        && (p.name().equals("file") || p.filename().isPresent())) {
                    form.copyBody(spool);
                    file = part;
                }
            }
            MultipartStream.Part head = file.orElseThrow(
                    () -> ApiException.badRequest("missing_field", "Send the document in a field named 'file'."));
            Received received = new Received(
                    new Upload(head.filename(), head.contentType(), title, spool.content()), Optional.of(spool));
            handedOver = true;
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!handedOver) {
                spool.close();
            }
        }
    }

    private static String title(MultipartStream form) {
        ByteArrayOutputStream title = new ByteArrayOutputStream();
        form.copyBody(new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (title.size() + len > MAX_TITLE_BYTES) {
                    throw ApiException.badRequest(
                            "invalid_field", "'title' must be at most " + MAX_TITLE_BYTES + " bytes.");
                }
                title.write(b, off, len);
            }
        });
        return title.toString(StandardCharsets.UTF_8).strip();
    }
}
