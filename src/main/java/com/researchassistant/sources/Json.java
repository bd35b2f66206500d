package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.OptionalInt;

/** Reading providers' JSON: one shared mapper, and field access that treats null, missing and wrong types alike. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The JSON object in {@code body}, or a MALFORMED failure of {@code http}'s provider. */
    static JsonNode object(byte[] body, ProviderHttp http) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw http.malformed("the answer is not a JSON object", null);
            }
            return tree;
        } catch (IOException e) {
            throw http.malformed("the answer is not JSON", e);
        }
    }

    /** {@code node} when it is a list, else a MALFORMED failure: "the answer has no <what> list". */
    static JsonNode list(JsonNode node, String what, ProviderHttp http) {
        if (!node.isArray()) {
            throw http.malformed("the answer has no " + what + " list", null);
        }
        return node;
    }

    /** The text of a string field, or "" for null, missing or not a string. */
    static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : "";
    }

    /** A plausible publication year from a number or a string that starts with one ("2021-03-04"). */
    static OptionalInt year(JsonNode node) {
        if (node != null && node.canConvertToInt()) {
            return plausible(node.asInt());
        }
        String s = text(node);
        return s.length() >= 4 && s.substring(0, 4).chars().allMatch(Character::isDigit)
                ? plausible(Integer.parseInt(s.substring(0, 4)))
                : OptionalInt.empty();
    }

    static OptionalInt plausible(int year) {
        return year >= 1000 && year <= 2999 ? OptionalInt.of(year) : OptionalInt.empty();
    }
}
