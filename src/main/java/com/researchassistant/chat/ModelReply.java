package com.researchassistant.chat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The JSON object inside a model's reply. Small models wrap JSON in code fences or chatter around
 * it, so this lets a JSON parser read one value from each opening brace in turn and keeps the
 * first that is a whole object; what follows it (a closing fence, more prose, a second object) is
 * never read.
 */
final class ModelReply {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelReply() {}

    /**
     * The first JSON object in {@code text}, or empty when there is none: no brace starts one, the
     * reply ends inside it (cut short: any later brace is inside it too), or it is nested or sized
     * past the parser's limits.
     */
    static Optional<JsonNode> firstObject(String text) {
        char[] chars = text.toCharArray();
        for (int start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
            int length = chars.length - start;
            try (JsonParser parser = JSON.createParser(chars, start, length)) {
                try {
                    JsonNode node = JSON.readTree(parser);
                    if (node != null && node.isObject()) {
                        return Optional.of(node);
                    }
                } catch (StreamConstraintsException e) {
                    return Optional.empty();
                } catch (JsonProcessingException e) {
                    if (parser.currentLocation().getCharOffset() >= length) {
                        return Optional.empty(); // it failed at the end of the text: cut short
                    }
                    // not JSON after all (prose with a brace): try the next brace
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading JSON from memory failed", e);
            }
        }
        return Optional.empty();
    }
}
