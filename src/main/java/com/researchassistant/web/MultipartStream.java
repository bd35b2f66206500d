package com.researchassistant.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads multipart/form-data (RFC 7578) part by part from the request stream, so a part's body goes
 * where the caller sends it (memory, a file, nowhere) without the whole upload held first. It
 * understands what browsers and curl send: a boundary, parts with a Content-Disposition name and
 * optional filename, and an optional Content-Type. Malformed input answers 400
 * {@code invalid_multipart}; a form of more than {@value #MAX_PARTS} parts or a part with more
 * than {@value #MAX_HEADER_BYTES} bytes of headers is refused as malformed too.
 */
final class MultipartStream {

    /** The head of one part. */
    record Part(String name, Optional<String> filename, Optional<String> contentType) {}

    static final int MAX_PARTS = 64;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** RFC 2046 allows 70 characters; some clients use a little more. */
    private static final int MAX_BOUNDARY_CHARS = 200;

    private static final int BUFFER_BYTES = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] BLANK_LINE = {'\r', '\n', '\r', '\n'};

    private static final Pattern BOUNDARY =
            Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s\"]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private enum State {
        PREAMBLE,
        BODY,
        BETWEEN,
        END
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    /** The unread bytes are {@code buffer[pos, limit)}. */
    private int pos;

    private int limit;
    private boolean eof;
    private State state = State.PREAMBLE;
    private int parts;
    private final int maxParts;

    /**
     * @param in the body
     * @param boundary the boundary from the Content-Type (see {@link #boundary(String)})
     */
    MultipartStream(InputStream in, String boundary) {
        this(in, boundary, MAX_PARTS);
    }

    /** A form of at most {@code maxParts} parts (an import of many files); more is malformed. */
    MultipartStream(InputStream in, String boundary, int maxParts) {
        this.maxParts = maxParts;
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // the first delimiter starts the body, without the line break before it: pretend there was one
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /** The boundary of a multipart Content-Type header, if it names a usable one. */
    static Optional<String> boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        return boundary.length() <= MAX_BOUNDARY_CHARS ? Optional.of(boundary) : Optional.empty();
    }

    /** The next part's head, skipping what is left of the current part; empty after the last part. */
    Optional<Part> next() {
        if (state == State.PREAMBLE || state == State.BODY) {
            copyUntil(delimiter, OutputStream.nullOutputStream(), Long.MAX_VALUE);
        }
        if (state == State.END) {
            return Optional.empty();
        }
        if (startsWith(new byte[] {'-', '-'})) {
            state = State.END;
            return Optional.empty();
        }
        skipTransportPadding();
        if (!startsWith(CRLF)) {
            throw invalid();
        }
        pos += CRLF.length;
        if (++parts > maxParts) {
            throw invalid();
        }
        state = State.BODY;
        return Optional.of(head(readHeaders()));
    }

    /** Streams the current part's body into {@code out}. */
    void copyBody(OutputStream out) {
        if (state != State.BODY) {
            throw new IllegalStateException("no part is open");
        }
        copyUntil(delimiter, out, Long.MAX_VALUE);
        state = State.BETWEEN;
    }

    private String readHeaders() {
        if (startsWith(CRLF)) {
            pos += CRLF.length;
            return "";
        }
        java.io.ByteArrayOutputStream headers = new java.io.ByteArrayOutputStream();
        copyUntil(BLANK_LINE, headers, MAX_HEADER_BYTES);
        return headers.toString(StandardCharsets.UTF_8);
    }

    private static Part head(String headers) {
        String disposition = "";
        Optional<String> type = Optional.empty();
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-disposition")) {
                disposition = value;
            } else if (name.equals("content-type")) {
                type = Optional.of(value);
            }
        }
        Matcher name = NAME.matcher(disposition);
        Matcher filename = FILENAME.matcher(disposition);
        return new Part(
                name.find() ? name.group(1) : "",
                filename.find() ? Optional.of(filename.group(1)) : Optional.empty(),
                type);
    }

    /** Linear white space may follow a delimiter before its line break. */
    private void skipTransportPadding() {
        while (fill(1) && (buffer[pos] == ' ' || buffer[pos] == '\t')) {
            pos++;
        }
    }

    /**
     * Copies bytes up to {@code needle} into {@code out} and consumes the needle; at most {@code
     * max} bytes before it. The stream ending first, or more than {@code max} bytes, is malformed.
     */
    private void copyUntil(byte[] needle, OutputStream out, long max) {
        long copied = 0;
        while (true) {
            int at = indexOf(needle);
            int end = at >= 0 ? at : Math.max(pos, limit - (needle.length - 1));
            copied += end - pos;
            if (copied > max) {
                throw invalid();
            }
            write(out, end);
            if (at >= 0) {
                pos = at + needle.length;
                return;
            }
            if (eof || !readMore()) {
                throw invalid();
            }
        }
    }

    private void write(OutputStream out, int end) {
        try {
            out.write(buffer, pos, end - pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pos = end;
    }

    private int indexOf(byte[] needle) {
        outer:
        for (int i = pos; i <= limit - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private boolean startsWith(byte[] prefix) {
        if (!fill(prefix.length)) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buffer[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** True once at least {@code n} unread bytes are buffered; false when the body ends first. */
    private boolean fill(int n) {
        while (limit - pos < n) {
            if (eof || !readMore()) {
                return false;
            }
        }
        return true;
    }

    /** Moves the unread bytes to the front and reads once more; false at the end of the body. */
    private boolean readMore() {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int read;
        try {
            read = in.read(buffer, limit, buffer.length - limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (read < 0) {
            eof = true;
            return false;
        }
        limit += read;
        return true;
    }

    private static ApiException invalid() {
        return ApiException.badRequest("invalid_multipart", "The upload is not valid multipart/form-data.");
    }
}
