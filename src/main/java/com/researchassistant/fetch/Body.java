package com.researchassistant.fetch;

import com.researchassistant.fetch.FetchException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a response body within a byte cap: unframes it (chunked, Content-Length or until close),
 * then decodes it (gzip or identity). The cap holds for the bytes on the wire and again for the
 * inflated bytes, so neither a huge page nor a gzip bomb costs more than the cap in memory; reading
 * stops as soon as the cap is passed.
 */
final class Body {

    private Body() {}

    static byte[] read(ResponseHead head, InputStream wire, int maxBytes) throws IOException {
        if (head.status() == 204 || head.status() == 304) {
            return new byte[0];
        }
        InputStream framed = new Capped(unframe(head, wire, maxBytes), maxBytes, "on the wire");
        String encoding = head.header("content-encoding").orElse("identity").toLowerCase(Locale.ROOT);
        InputStream decoded = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPInputStream(framed, 8192);
            case "identity", "" -> framed;
            default ->
                throw new FetchException(
                        Kind.UNSUPPORTED_TYPE, "a content encoding that is not read: " + shorten(encoding), null);
        };
        try (InputStream body = new Capped(decoded, maxBytes, "")) {
            return body.readAllBytes();
        }
    }

    private static InputStream unframe(ResponseHead head, InputStream wire, int maxBytes) throws IOException {
        String transfer = head.header("transfer-encoding").orElse("").toLowerCase(Locale.ROOT);
        if (transfer.endsWith("chunked")) {
            return new Chunked(wire);
        }
        if (!transfer.isEmpty()) {
            throw new ResponseHead.MalformedHttp("a transfer encoding other than chunked");
        }
        if (head.headers().getOrDefault("content-length", java.util.List.of()).stream()
                        .distinct()
                        .count()
                > 1) {
            throw new ResponseHead.MalformedHttp("conflicting Content-Length headers");
        }
        return head.header("content-length")
                .map(value -> {
                    long length = parseLength(value);
                    if (length > maxBytes) {
                        throw tooLarge(maxBytes, "declared " + length + " bytes");
                    }
                    return (InputStream) new Bounded(wire, length);
                })
                .orElse(wire);
    }

    private static long parseLength(String value) {
        if (!value.matches("\\d{1,18}")) {
            throw new FetchException(Kind.UNREACHABLE, "a broken Content-Length", null);
        }
        return Long.parseLong(value);
    }

    static FetchException tooLarge(int maxBytes, String what) {
        return new FetchException(
                Kind.TOO_LARGE,
                "the document is larger than " + maxBytes + " bytes" + (what.isEmpty() ? "" : " (" + what + ")"),
                null);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Fails with TOO_LARGE as soon as more than {@code max} bytes came through. */
    private static final class Capped extends FilterInputStream {

        private final long max;
        private final String where;
        private long count;

        Capped(InputStream in, long max, String where) {
            super(in);
            this.max = max;
            this.where = where;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, (int) Math.min(len, max - count + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            count += n;
            if (count > max) {
                throw tooLarge((int) max, where);
            }
        }
    }

    /** Exactly {@code length} bytes, then end of stream; fewer is a broken response. */
    private static final class Bounded extends FilterInputStream {

        private long left;

        Bounded(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new ResponseHead.MalformedHttp("the connection closed before the declared length");
            }
            left -= n;
            return n;
        }
    }

    /** The chunked transfer coding: hex size lines, data, a last chunk of 0, trailers. */
    private static final class Chunked extends InputStream {

        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                left = nextSize();
                if (left == 0) {
                    done = true;
                    return -1; // trailers are left unread: the connection closes after the body
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new ResponseHead.MalformedHttp("the connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(); // the CRLF after the chunk's data
            }
            return n;
        }

        private long nextSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            String hex = (extension >= 0 ? size.substring(0, extension) : size).strip();
            if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                throw new ResponseHead.MalformedHttp("a broken chunk size");
            }
            return Long.parseLong(hex, 16);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new ResponseHead.MalformedHttp("the connection closed inside a chunk header");
                }
                if (line.size() > 1024) {
                    throw new ResponseHead.MalformedHttp("a chunk header longer than 1 KB");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
