package com.researchassistant.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/** The JSON of the OpenAI-compatible chat completions API, both ways. */
final class ChatJson {

    private final ObjectMapper mapper;
    private final UpstreamErrors errors;

    ChatJson(ObjectMapper mapper, UpstreamErrors errors) {
        this.mapper = mapper;
        this.errors = errors;
    }

    /** A streaming request; asks for usage in a final chunk, which servers without support ignore. */
    String streamingBody(LlmRequest request) {
        ObjectNode body = common(request).put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return write(body);
    }

    String completeBody(LlmRequest request) {
        return write(common(request).put("stream", false));
    }

    private ObjectNode common(LlmRequest request) {
        ObjectNode body = mapper.createObjectNode().put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        request.messages()
                .forEach(message -> messages.addObject()
                        .put("role", message.role().wireName())
                        .put("content", message.content()));
        return body.put("max_tokens", request.maxTokens()).put("temperature", request.temperature());
    }

    private String write(ObjectNode body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** Parses one JSON object; anything else is a protocol error. */
    JsonNode parseObject(byte[] json) {
        try {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw UpstreamErrors.protocol("expected a JSON object");
            }
            return tree;
        } catch (IOException e) {
            throw UpstreamErrors.protocol("malformed JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    JsonNode parseObject(String json) {
        try {
            JsonNode tree = mapper.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw UpstreamErrors.protocol("expected a JSON object in the event stream");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw UpstreamErrors.protocol("malformed JSON in the event stream");
        }
    }

    /** The answer of a non-streaming completion, from {@code choices[0].message}. */
    LlmResponse completion(JsonNode tree) {
        if (hasError(tree)) {
            throw errors.fromErrorObject(tree);
        }
        JsonNode choices = tree.path("choices");
        if (!choices.isArray() || choices.isEmpty()) {
            throw UpstreamErrors.protocol("the completion has no choices");
        }
        JsonNode first = choices.get(0);
        JsonNode content = first.path("message").path("content");
        String text = content.isTextual() ? content.asText() : "";
        return new LlmResponse(text, finishReason(first).orElse("unknown"), usage(tree.path("usage")));
    }

    static boolean hasError(JsonNode tree) {
        JsonNode error = tree.path("error");
        return !error.isMissingNode() && !error.isNull();
    }

    static Optional<String> finishReason(JsonNode choice) {
        JsonNode reason = choice.path("finish_reason");
        return reason.isTextual() && !reason.asText().isEmpty() ? Optional.of(reason.asText()) : Optional.empty();
    }

    /** Token counts, or {@link Usage#UNKNOWN} when the node is absent or null. */
    static Usage usage(JsonNode usage) {
        if (!usage.isObject()) {
            return Usage.UNKNOWN;
        }
        return new Usage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")));
    }

    private static int count(JsonNode node) {
        return node.canConvertToInt() && node.isIntegralNumber() ? node.asInt() : -1;
    }
}
