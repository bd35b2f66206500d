package com.researchassistant.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The status line and headers of an HTTP/1.x response, read byte by byte up to the blank line and
 * no further than {@link #MAX_BYTES}.
 *
 * @param headers by lower-case name, every value in order
 */
record ResponseHead(int status, Map<String, List<String>> headers) {

    static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_LINES = 200;

    ResponseHead {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header. */
    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
                .map(values -> values.get(0).strip());
    }

    boolean redirect() {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Reads the next head, skipping interim 1xx heads. */
    static ResponseHead read(InputStream in) throws IOException {
        while (true) {
            ResponseHead head = readOne(in);
            if (head.status() >= 200 || head.status() < 100) {
                return head;
            }
        }
    }

    private static ResponseHead readOne(InputStream in) throws IOException {
        int[] budget = {MAX_BYTES};
        String statusLine = line(in, budget);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new MalformedHttp("not an HTTP/1.x status line");
        }
        Map<String, List<String>> headers = new TreeMap<>();
        String lastName = null;
        for (int count = 0; ; count++) {
            String line = line(in, budget);
            if (line.isEmpty()) {
                return new ResponseHead(Integer.parseInt(parts[1]), headers);
            }
            if (count > MAX_LINES) {
                throw new MalformedHttp("too many header lines");
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && lastName != null) {
                List<String> values = headers.get(lastName); // an obsolete folded line continues the last value
                values.set(values.size() - 1, values.get(values.size() - 1) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedHttp("a header line without a name");
            }
            lastName = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(lastName, k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new MalformedHttp("the connection closed inside the response head");
            }
            if (--budget[0] < 0) {
                throw new MalformedHttp("the response head is larger than " + MAX_BYTES + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** A response that does not follow HTTP/1.1. */
    static final class MalformedHttp extends IOException {

        private static final long serialVersionUID = 1L;

        MalformedHttp(String message) {
            super(message);
        }
    }
}
