package com.researchassistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.llm.LlmException.Kind;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what an upstream says went wrong (an HTTP status with its body and headers, or an error
 * object inside a 200 stream) into a typed {@link LlmException} with a short, user-safe message.
 */
final class UpstreamErrors {

    private static final int MAX_DETAIL = 200;
    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[^\\s\"',;]+");
    private static final Pattern HF_TOKEN = Pattern.compile("hf_[A-Za-z0-9]{8,}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}");

    private final ObjectMapper mapper;
    private final Clock clock;
    private final Optional<String> secret;

    UpstreamErrors(ObjectMapper mapper, Clock clock, Optional<String> secret) {
        this.mapper = mapper;
        this.clock = clock;
        this.secret = secret;
    }

    static LlmException protocol(String message) {
        return new LlmException.NonRetryable(Kind.PROTOCOL, 0, "the LLM upstream broke the protocol: " + message, null);
    }

    /** The failure an HTTP status other than 2xx stands for. */
    LlmException fromStatus(int status, HttpHeaders headers, byte[] body) {
        Optional<JsonNode> tree = parse(body);
        String detail = tree.flatMap(UpstreamErrors::describe)
                .or(() -> plainText(body))
                .or(() -> headers.firstValue("x-error-message"))
                .map(this::clean)
                .orElse("");
        Kind kind = kindOf(status);
        String message = "the LLM upstream answered " + status + " (" + explain(kind) + ")"
                + (detail.isEmpty() ? "" : ": " + detail);
        return switch (kind) {
            case RATE_LIMITED, UNAVAILABLE ->
                new LlmException.Retryable(
                        kind, status, message, retryHint(headers, tree).orElse(null), null);
            default -> new LlmException.NonRetryable(kind, status, message, null);
        };
    }

    /** The failure an error object sent with status 200 (in a stream or a JSON body) stands for. */
    LlmException fromErrorObject(JsonNode object) {
        JsonNode error = object.path("error");
        boolean validation = object.path("error_type").asText("").equals("validation")
                || error.path("http_status_code").asInt(0) == 422;
        Kind kind = validation ? Kind.BAD_REQUEST : Kind.UPSTREAM_ERROR;
        String detail = describe(object).map(this::clean).orElse("no details");
        return new LlmException.NonRetryable(kind, 200, "the LLM upstream failed mid-answer: " + detail, null);
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 401, 403 -> Kind.AUTH;
            case 402 -> Kind.PAYMENT_REQUIRED;
            case 404, 410 -> Kind.MODEL_NOT_FOUND;
            case 400, 413, 422 -> Kind.BAD_REQUEST;
            case 408 -> Kind.TIMEOUT;
            case 429 -> Kind.RATE_LIMITED;
            case 503 -> Kind.UNAVAILABLE;
            default -> status >= 500 ? Kind.UPSTREAM_ERROR : status >= 400 ? Kind.BAD_REQUEST : Kind.PROTOCOL;
        };
    }

    private static String explain(Kind kind) {
        return switch (kind) {
            case AUTH -> "the token was refused";
            case PAYMENT_REQUIRED -> "no credits left";
            case MODEL_NOT_FOUND -> "no such model";
            case BAD_REQUEST -> "the request was refused";
            case TIMEOUT -> "the upstream timed out";
            case RATE_LIMITED -> "rate limited";
            case UNAVAILABLE -> "unavailable or loading";
            case UPSTREAM_ERROR -> "upstream error";
            default -> "unexpected status";
        };
    }

    /** How long the upstream asked us to wait: Retry-After (seconds or HTTP date), else estimated_time. */
    private Optional<Duration> retryHint(HttpHeaders headers, Optional<JsonNode> body) {
        return headers.firstValue("retry-after")
                .map(String::strip)
                .flatMap(this::parseRetryAfter)
                .or(() -> body.map(tree -> tree.path("estimated_time"))
                        .filter(JsonNode::isNumber)
                        .map(seconds -> Duration.ofMillis(Math.max(0, Math.round(seconds.asDouble() * 1000)))));
    }

    private Optional<Duration> parseRetryAfter(String value) {
        if (SECONDS.matcher(value).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Duration until =
                    Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Optional<JsonNode> parse(byte[] body) {
        try {
            JsonNode tree = mapper.readTree(body);
            return tree != null && tree.isObject() ? Optional.of(tree) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The human part of an error envelope: error as text, error.message, error as a list, message, detail. */
    private static Optional<String> describe(JsonNode object) {
        JsonNode error = object.path("error");
        if (error.isTextual()) {
            return Optional.of(error.asText());
        }
        if (error.isObject() && error.path("message").isTextual()) {
            return Optional.of(error.path("message").asText());
        }
        if (error.isArray()) {
            List<String> parts = new ArrayList<>();
            error.forEach(part -> parts.add(part.isTextual() ? part.asText() : part.toString()));
            return Optional.of(String.join("; ", parts));
        }
        for (String field : List.of("message", "detail")) {
            JsonNode value = object.path(field);
            if (value.isTextual()) {
                return Optional.of(value.asText());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> plainText(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() || text.startsWith("<") ? Optional.empty() : Optional.of(text);
    }

    /** One line, no secrets, at most about 200 characters. */
    String clean(String text) {
        String safe = secret.map(token -> text.replace(token, "****")).orElse(text);
        safe = BEARER.matcher(safe).replaceAll("Bearer ****");
        safe = HF_TOKEN.matcher(safe).replaceAll("hf_****");
        safe = safe.replaceAll("\\s+", " ").strip();
        if (safe.length() <= MAX_DETAIL) {
            return safe;
        }
        int end = Character.isHighSurrogate(safe.charAt(MAX_DETAIL - 1)) ? MAX_DETAIL - 1 : MAX_DETAIL;
        return safe.substring(0, end) + "…";
    }
}
