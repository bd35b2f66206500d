package com.researchassistant.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads JSON request bodies defensively: bounded size (413), JSON only (415), strict UTF-8 and
 * well-formed JSON (400), with messages that say what is wrong without echoing the body.
 */
final class JsonBodies {

    private final int maxBytes;

    JsonBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The body as a JSON object; an absent body is an empty object. */
    ObjectNode readObject(ServerRequest req) {
        byte[] raw = readBounded(req);
        if (raw.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        requireJsonType(req);
        return parseObject(raw);
    }

    /** Parses a JSON object from bytes that must be valid UTF-8. */
    static ObjectNode parseObject(byte[] raw) {
        String text = decodeUtf8(raw);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw ApiException.badRequest(
                    "invalid_json", "The body is beyond this API's JSON limits: " + limit(e) + ".");
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid_json", "The body is not valid JSON" + where(e.getLocation()) + ".");
        }
        if (node == null || node.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.badRequest("invalid_json", "The body must be a JSON object.");
        }
        return object;
    }

    /** Which limit was hit, in the client's terms; Jackson's own words (less its method name) for any other. */
    private static String limit(StreamConstraintsException e) {
        String message = Optional.ofNullable(e.getOriginalMessage()).orElse("");
        if (message.startsWith("Document nesting depth")) {
            return "it is nested more than " + Json.MAX_NESTING_DEPTH + " levels deep";
        }
        if (message.startsWith("Number value length")) {
            return "a number is longer than " + Json.MAX_NUMBER_CHARS + " characters";
        }
        if (message.startsWith("Name length")) {
            return "a field name is longer than " + Json.MAX_NAME_CHARS + " characters";
        }
        return message.replaceAll(",? from `[^`]*`", "");
    }

    /** Where parsing stopped; Jackson leaves the location out of some errors. */
    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static Optional<String> optionalString(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be a string.");
        }
        return Optional.of(value.asText());
    }

    static String requiredString(JsonNode body, String field) {
        return optionalString(body, field)
                .orElseThrow(() -> ApiException.badRequest("missing_field", "'" + field + "' is required."));
    }

    private byte[] readBounded(ServerRequest req) {
        return readBounded(req, maxBytes);
    }

    /** The whole body, refused with 413 (before reading, when Content-Length says so) past {@code max} bytes. */
    static byte[] readBounded(ServerRequest req, int max) {
        Optional<Long> declared = req.headers().contentLength().stream().boxed().findFirst();
        if (declared.isPresent() && declared.get() > max) {
            throw LimitedStream.tooLarge(max);
        }
        try (InputStream in = BodyStream.of(req)) {
            byte[] raw = in.readNBytes(max + 1);
            if (raw.length > max) {
                throw LimitedStream.tooLarge(max);
            }
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON in UTF-8, or 415. */
    static void requireJsonType(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("").toLowerCase(Locale.ROOT);
        String mediaType = type.split(";", 2)[0].strip();
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new ApiException(415, "unsupported_media_type", "Send the body as application/json.");
        }
        if (type.contains("charset=")
                && !type.replace(" ", "").replace("\"", "").contains("charset=utf-8")) {
            throw new ApiException(415, "unsupported_media_type", "Send the body as UTF-8.");
        }
    }

    private static String decodeUtf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("invalid_utf8", "The body is not valid UTF-8.");
        }
    }
}
