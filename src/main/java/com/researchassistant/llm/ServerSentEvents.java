package com.researchassistant.llm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the {@code data} of server-sent events from a byte stream, following the WHATWG
 * event-stream rules: lines end in CRLF, LF or CR; lines starting with ':' are comments; a space
 * after the field's colon is optional and dropped; several {@code data} lines of one event are
 * joined with LF; a blank line ends an event. Fields other than {@code data} are ignored.
 *
 * <p>Lines are split on bytes before decoding, so a network read that ends inside a multi-byte
 * UTF-8 character or a JSON document does no harm. Unlike the spec, an event whose blank line
 * never came is still delivered at end of stream: some servers close right after the last data
 * line, and a truncated JSON payload is then reported by the caller as a protocol error.
 */
final class ServerSentEvents {

    private static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final InputStream in;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int position;
    private int limit;
    private boolean endOfStream;
    private boolean afterCarriageReturn;
    private boolean firstLine = true;

    ServerSentEvents(InputStream in) {
        this.in = in;
    }

    /** The data of the next event that has some, or empty at the end of the stream. */
    Optional<String> nextData() throws IOException {
        StringBuilder data = null;
        while (true) {
            Optional<String> next = nextLine();
            if (next.isEmpty()) {
                return Optional.ofNullable(data).map(StringBuilder::toString);
            }
            String text = next.get();
            if (text.isEmpty()) {
                if (data != null) {
                    return Optional.of(data.toString());
                }
            } else if (!text.startsWith(":")) {
                data = appendData(data, text);
            }
        }
    }

    private static StringBuilder appendData(StringBuilder data, String line) {
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return data;
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        return data == null ? new StringBuilder(value) : data.append('\n').append(value);
    }

    private Optional<String> nextLine() throws IOException {
        line.reset();
        while (fill()) {
            byte b = buffer[position++];
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n' || b == '\r') {
                afterCarriageReturn = b == '\r';
                return Optional.of(decodeLine());
            }
            append(b);
        }
        return line.size() > 0 ? Optional.of(decodeLine()) : Optional.empty();
    }

    private void append(byte b) {
        if (line.size() >= MAX_LINE_BYTES) {
            throw UpstreamErrors.protocol("an event-stream line is longer than " + MAX_LINE_BYTES + " bytes");
        }
        line.write(b);
    }

    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        if (endOfStream) {
            return false;
        }
        int read = in.read(buffer);
        if (read < 0) {
            endOfStream = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private String decodeLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (text.startsWith(BYTE_ORDER_MARK)) {
                return text.substring(1);
            }
        }
        return text;
    }
}
