package com.researchassistant.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Writes complete (non-streaming) responses, gzipped when the client accepts it and it pays. */
final class Responses {

    /** Below this a gzip frame costs more than it saves. */
    private static final int GZIP_MIN_BYTES = 1_024;

    private Responses() {}

    static void json(ServerRequest req, ServerResponse res, int status, Object body) {
        send(req, res, status, "application/json", Json.bytes(body));
    }

    static void error(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.retryAfterSeconds() > 0) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        json(req, res, e.status(), Dto.error(e.code(), e.getMessage()));
    }

    static void send(ServerRequest req, ServerResponse res, int status, String contentType, byte[] body) {
        res.status(Status.create(status));
        res.header(
                HeaderNames.CONTENT_TYPE,
                contentType.startsWith("text/") || contentType.endsWith("json")
                        ? contentType + "; charset=utf-8"
                        : contentType);
        res.header(HeaderNames.VARY, "Accept-Encoding");
        if (body.length >= GZIP_MIN_BYTES && acceptsGzip(req)) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            res.send(gzip(body));
        } else {
            res.send(body);
        }
    }

    static boolean acceptsGzip(ServerRequest req) {
        return req.headers()
                .first(HeaderNames.ACCEPT_ENCODING)
                .map(v -> v.toLowerCase(Locale.ROOT).contains("gzip"))
                .orElse(false);
    }

    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
