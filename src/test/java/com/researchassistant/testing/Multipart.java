package com.researchassistant.testing;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A multipart/form-data body of files, as a browser sends picked files. */
public final class Multipart {

    public static final String BOUNDARY = "----ra-test-boundary-7MA4YWxkTrZu0gW";

    private Multipart() {}

    /** One part per file, all named {@code field}, in the map's order. */
    public static HttpRequest.BodyPublisher files(String field, Map<String, byte[]> files) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            part(body, field, file.getKey(), "application/octet-stream", file.getValue());
        }
        return end(body);
    }

    /** One file of media type {@code type}, in a part named {@code field}. */
    public static HttpRequest.BodyPublisher file(String field, String filename, String type, byte[] content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, field, filename, type, content);
        return end(body);
    }

    public static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    private static void part(ByteArrayOutputStream body, String field, String filename, String type, byte[] content) {
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                        + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.BodyPublisher end(ByteArrayOutputStream body) {
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.ofByteArray(body.toByteArray());
    }
}
