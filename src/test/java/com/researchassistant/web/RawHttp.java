package com.researchassistant.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests {@link java.net.http.HttpClient} refuses to send:
 * malformed paths and escapes, broken chunked bodies, bodies shorter than their Content-Length,
 * arbitrary header values. Each request uses its own connection and reads to its end.
 */
final class RawHttp {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private static final int LARGE_BODY_BYTES = 64 * 1024;

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends the head lines as given (plus Host and Connection: close), then {@code body} verbatim.
     * A large body with a Content-Length is announced with {@code Expect: 100-continue}, as curl
     * does, so a server refusing it by its length answers before it is sent.
     */
    Response send(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        boolean chunked = headers.containsKey("Transfer-Encoding");
        if (!headers.containsKey("Content-Length") && !chunked) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        boolean expectContinue = !chunked && body.length > LARGE_BODY_BYTES;
        if (expectContinue) {
            head.append("Expect: 100-continue\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body, false, expectContinue);
    }

    /**
     * Sends the request and then closes the sending half of the connection, so the server sees
     * the body end early (a client that stops mid-upload) while the response can still be read.
     */
    Response sendAndHalfClose(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:")
                .append(port)
                .append("\r\nConnection: close\r\n");
        headers.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body, true, false);
    }

    /**
     * Writes the body beside reading the response: a server may answer (413) and close before
     * the whole body is sent, and the client must still read that answer, as browsers do.
     */
    private Response exchange(byte[] head, byte[] body, boolean halfClose, boolean expectContinue) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head);
            out.flush();
            if (expectContinue) {
                Response interim = read(in);
                if (interim.status() != 100) {
                    return interim;
                }
            }
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.flush();
                    if (halfClose) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    // the server answered and closed before taking the whole body; its answer is read below
                }
            });
            Response response = read(in);
            writer.join();
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads one response by its framing: the server may keep the connection open after it. */
    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c == -1) {
                throw new IOException("connection closed inside the response head: " + headBytes);
            }
            headBytes.write(c);
            matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        byte[] body;
        if (status < 200) {
            body = new byte[0];
        } else if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
            body = unchunk(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = size.isEmpty()
                    ? 0
                    : Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (n == 0) {
                in.readNBytes(2);
                return out.toByteArray();
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
