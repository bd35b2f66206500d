package com.researchassistant.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** Reads values out of JSON text in tests. */
public final class JsonPaths {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonPaths() {}

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text at a JSON pointer such as {@code /error/code}, or at a top-level field name. */
    public static String text(String json, String pointer) {
        return tree(json).at(pointer.startsWith("/") ? pointer : "/" + pointer).asText();
    }
}
