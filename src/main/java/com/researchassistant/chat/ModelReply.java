package com.researchassistant.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * The JSON object inside a model's reply. Small models wrap JSON in code fences or chatter around
 * it, so this takes the first balanced {...} object in the text and ignores the rest.
 */
final class ModelReply {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelReply() {}

    /** The first JSON object in {@code text}, or empty when there is none or it does not parse. */
    static Optional<JsonNode> firstObject(String text) {
        int start = text.indexOf('{');
        while (start >= 0) {
            int end = closingBrace(text, start);
            if (end < 0) {
                return Optional.empty();
            }
            try {
                JsonNode node = JSON.readTree(text.substring(start, end + 1));
                if (node != null && node.isObject()) {
                    return Optional.of(node);
                }
            } catch (JsonProcessingException e) {
                // Not JSON after all (prose with a brace); try the next opening brace.
            }
            start = text.indexOf('{', start + 1);
        }
        return Optional.empty();
    }

    /** The index of the brace closing the one at {@code open}, skipping braces inside strings. */
    private static int closingBrace(String text, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
