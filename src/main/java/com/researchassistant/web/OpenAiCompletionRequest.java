package com.researchassistant.web;

import static com.researchassistant.web.OpenAiErrors.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.llm.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parts of an OpenAI {@code /v1/chat/completions} body this server honours. Unknown fields
 * are ignored, as OpenAI clients send many (tools, logprobs, seed...) that do not apply here.
 *
 * @param model the model the client named, echoed back; empty when it named none
 * @param history the messages before the last one
 * @param message the text of the last message, which is the user's
 * @param maxTokens the client's cap on the answer length, if any
 */
record OpenAiCompletionRequest(
        Optional<String> model,
        List<ChatMessage> history,
        String message,
        boolean stream,
        boolean includeUsage,
        OptionalInt maxTokens) {

    OpenAiCompletionRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(maxTokens, "maxTokens");
        history = List.copyOf(history);
    }

    /** Validates the body; failures name the parameter, as OpenAI's do. */
    static OpenAiCompletionRequest parse(ObjectNode body, int maxMessageChars) {
        Optional<String> model = string(body, "model").filter(m -> !m.isBlank());
        string(body, "user");
        number(body, "temperature", 0, 2);
        OptionalInt n = positiveInt(body, "n");
        if (n.isPresent() && n.getAsInt() != 1) {
            throw invalid("n", "Only n=1 is supported.");
        }
        OptionalInt maxTokens = positiveInt(body, "max_completion_tokens");
        if (maxTokens.isEmpty()) {
            maxTokens = positiveInt(body, "max_tokens");
        }
        List<ChatMessage> messages = messages(body);
        ChatMessage last = messages.getLast();
        if (last.role() != ChatMessage.Role.USER || last.content().isBlank()) {
            throw invalid("messages", "The last message must be a 'user' message with non-empty text.");
        }
        if (last.content().length() > maxMessageChars) {
            throw invalid("messages", "The last message is longer than " + maxMessageChars + " characters.");
        }
        return new OpenAiCompletionRequest(
                model,
                messages.subList(0, messages.size() - 1),
                last.content(),
                bool(body, "stream", "stream"),
                includeUsage(body),
                maxTokens);
    }

    private static List<ChatMessage> messages(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw invalid("messages", "'messages' is required.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw invalid("messages", "'messages' must be a non-empty array.");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            out.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    private static ChatMessage message(JsonNode message, String where) {
        if (!message.isObject()) {
            throw invalid("messages", where + " must be an object.");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            throw invalid("messages", where + ".role must be a string.");
        }
        String text = content(message.get("content"), where);
        return switch (role.asText()) {
            case "system", "developer" -> ChatMessage.system(text);
            case "user" -> ChatMessage.user(text);
            case "assistant" -> ChatMessage.assistant(text);
            // The pipeline has no tool role; the tool's output is still context the user supplied.
            case "tool" -> ChatMessage.user("Tool result:\n" + text);
            default ->
                throw invalid(
                        "messages",
                        where + ".role must be one of system, developer, user, " + "assistant, tool; got '"
                                + role.asText() + "'.");
        };
    }

    /** A string, or the text parts of an array joined by newlines; other parts (images, audio) are dropped. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw invalid("messages", where + ".content must be a string or an array of parts.");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : content) {
            if (!part.isObject() || !part.path("type").isTextual()) {
                throw invalid("messages", where + ".content parts must be objects with a 'type'.");
            }
            if (part.get("type").asText().equals("text")) {
                JsonNode text = part.get("text");
                if (text == null || !text.isTextual()) {
                    throw invalid("messages", where + ".content text parts need a string 'text'.");
                }
                texts.add(text.asText());
            }
        }
        return String.join("\n", texts);
    }

    private static boolean includeUsage(ObjectNode body) {
        JsonNode options = body.get("stream_options");
        if (options == null || options.isNull()) {
            return false;
        }
        if (!options.isObject()) {
            throw invalid("stream_options", "'stream_options' must be an object.");
        }
        return bool(options, "include_usage", "stream_options.include_usage");
    }

    private static Optional<String> string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(field, "'" + field + "' must be a string.");
        }
        return Optional.of(value.asText());
    }

    private static boolean bool(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw invalid(param, "'" + param + "' must be true or false.");
        }
        return value.asBoolean();
    }

    private static OptionalInt positiveInt(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw invalid(field, "'" + field + "' must be a positive integer.");
        }
        return OptionalInt.of(value.asInt());
    }

    private static void number(JsonNode body, String field, double min, double max) {
        JsonNode value = body.get(field);
        if (value != null
                && !value.isNull()
                && (!value.isNumber() || value.asDouble() < min || value.asDouble() > max)) {
            throw invalid(field, "'" + field + "' must be a number from " + min + " to " + max + ".");
        }
    }
}
