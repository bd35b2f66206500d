package com.researchassistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.testing.StubResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded Hugging Face exchanges in {@code shared/reference/hf-api}, read at test time. The
 * folder lies beside the checkout in CI and above it in a worktree, so it is searched for from the
 * working directory upwards; a missing folder fails the test rather than skipping it.
 */
final class Recordings {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path RELATIVE = Path.of("shared", "reference", "hf-api");

    private Recordings() {}

    /** A response as recorded, ready to be served by the stub. */
    record Recorded(int status, Map<String, String> headers, String body) {

        StubResponse response() {
            StubResponse response = StubResponse.of(status, contentType(), body);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                response = response.withHeader(header.getKey(), header.getValue());
            }
            return response;
        }

        private String contentType() {
            return headers.entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase("content-type"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse("application/json");
        }

        byte[] bytes() {
            return body.getBytes(StandardCharsets.UTF_8);
        }
    }

    static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE + " above " + Path.of("").toAbsolutePath());
    }

    static JsonNode read(String file) {
        try {
            return MAPPER.readTree(directory().resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw exchange (files 01-29): the response as recorded. */
    static Recorded exchange(String file) {
        JsonNode response = read(file).path("response");
        return new Recorded(response.path("status").asInt(), headers(response.path("headers")), response.path("body").asText());
    }

    /** One interaction of file 30, whose bodies were stored parsed. */
    static Recorded interaction(String file, int index) {
        JsonNode response = read(file).path("interactions").path(index).path("response");
        return new Recorded(
                response.path("status").asInt(),
                headers(response.path("headers")),
                response.path("body_parsed").toString());
    }

    /** A TGI snapshot (files 31-33): one object is a JSON answer, a list is one SSE event per item. */
    static Recorded snapshot(String file, boolean endWithDone) {
        JsonNode snapshot = read(file).path("snapshot");
        if (!snapshot.isArray()) {
            return new Recorded(200, Map.of("Content-Type", "application/json"), snapshot.toString());
        }
        StringBuilder body = new StringBuilder();
        snapshot.forEach(event -> body.append("data: ").append(event).append("\n\n"));
        if (endWithDone) {
            body.append("data: [DONE]\n\n");
        }
        return new Recorded(200, Map.of("Content-Type", "text/event-stream"), body.toString());
    }

    /** The quoted error bodies of file 40, in file order. */
    static List<JsonNode> quotedCases() {
        List<JsonNode> cases = new ArrayList<>();
        read("40_error_bodies_quoted_not_recorded.json").path("cases").forEach(cases::add);
        return cases;
    }

    private static Map<String, String> headers(JsonNode headers) {
        Map<String, String> map = new LinkedHashMap<>();
        headers.properties().forEach(header -> map.put(header.getKey(), header.getValue().asText()));
        return map;
    }
}
