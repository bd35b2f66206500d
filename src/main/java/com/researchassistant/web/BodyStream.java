package com.researchassistant.web;

import io.helidon.webserver.http.ServerRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body whose read failures are the client's, not the server's: a body shorter than its
 * Content-Length, a chunk size that is not hexadecimal, a connection closed mid-chunk. Helidon
 * reports these as whatever its decoder throws (a {@code NumberFormatException}, an
 * {@code InsufficientDataAvailableException}, an {@code UncheckedIOException}); here each becomes
 * a 400 {@code malformed_body}, so none reaches the error mapper as an unexpected failure.
 */
final class BodyStream extends FilterInputStream {

    private BodyStream(InputStream in) {
        super(in);
    }

    /** The body of {@code req}; empty when it has none. */
    static InputStream of(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return InputStream.nullInputStream();
        }
        return new BodyStream(req.content().inputStream());
    }

    @Override
    public int read() {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
    }

    @Override
    public int read(byte[] b, int off, int len) {
        try {
            return super.read(b, off, len);
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
    }

    @Override
    public long skip(long n) {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
    }

    /** Closing drains what is left of the body, so it can fail the same ways. */
    @Override
    public void close() {
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            throw malformed();
        }
    }

    private static ApiException malformed() {
        return ApiException.badRequest(
                "malformed_body",
                "The request body could not be read: it ended before its declared length or its chunked encoding is broken.");
    }
}
