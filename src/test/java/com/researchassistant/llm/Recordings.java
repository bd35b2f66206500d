package com.researchassistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.testing.StubResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream answers in {@code src/test/resources/llm/upstream}: Hugging Face router, provider and
 * TGI exchanges written for this project in the exact shape of recorded ones (status, headers, SSE
 * framing, chunk boundaries, error bodies); its README says which quirk each file keeps.
 */
final class Recordings {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FOLDER = "/llm/upstream/";

    private Recordings() {}

    /** A response as written in a fixture, ready to be served by the stub. */
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

        /** The body parsed as JSON (for the non-streamed answers). */
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static JsonNode read(String file) {
        try (InputStream in = Recordings.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + FOLDER + file);
            }
            return MAPPER.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The response of one exchange file. */
    static Recorded exchange(String file) {
        JsonNode response = read(file).path("response");
        return new Recorded(
                response.path("status").asInt(),
                headers(response.path("headers")),
                response.path("body").asText());
    }

    /** The quoted (not recorded) error answers of {@code 40_error_bodies_quoted.json}, in file order. */
    static List<JsonNode> quotedCases() {
        List<JsonNode> cases = new ArrayList<>();
        read("40_error_bodies_quoted.json").path("cases").forEach(cases::add);
        return cases;
    }

    private static Map<String, String> headers(JsonNode headers) {
        Map<String, String> map = new LinkedHashMap<>();
        headers.properties()
                .forEach(header -> map.put(header.getKey(), header.getValue().asText()));
        return map;
    }
}
