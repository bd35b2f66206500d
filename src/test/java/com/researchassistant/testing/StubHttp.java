package com.researchassistant.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The bit of HTTP/1.1 that {@link StubLlmServer} speaks: a request, a chunked response, close or keep alive. */
final class StubHttp {

    private static final Set<String> FRAMING =
            Set.of("content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive");

    private StubHttp() {}

    static RecordedRequest readRequest(InputStream in) throws IOException {
        String[] requestLine = readLine(in).split(" ");
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new RecordedRequest(requestLine[0], requestLine.length > 1 ? requestLine[1] : "", headers, body);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the client closed before sending a whole request");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    static void writeHead(OutputStream out, StubResponse response, boolean keepOpen) throws IOException {
        StringBuilder head =
                new StringBuilder("HTTP/1.1 ").append(response.status()).append(" Stub\r\n");
        response.headers().forEach((name, value) -> {
            if (!FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("Transfer-Encoding: chunked\r\n")
                .append(keepOpen ? "" : "Connection: close\r\n")
                .append("\r\n");
        out.write(StubLlmServer.ascii(head.toString()));
        out.flush();
    }

    static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        if (chunk.length == 0) {
            return; // an empty chunk would end the body
        }
        out.write(StubLlmServer.ascii(Integer.toHexString(chunk.length) + "\r\n"));
        out.write(chunk);
        out.write(StubLlmServer.ascii("\r\n"));
        out.flush();
    }

    static void writeLastChunk(OutputStream out) throws IOException {
        out.write(StubLlmServer.ascii("0\r\n\r\n"));
        out.flush();
    }
}
