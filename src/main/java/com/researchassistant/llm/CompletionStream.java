package com.researchassistant.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns the events of a streaming chat completion into {@link LlmEvent}s: a token per non-empty
 * {@code delta.content} of choice 0, then one {@link LlmEvent.Finished} at {@code [DONE]} or at
 * the end of the stream, carrying the last finish reason and the usage seen.
 */
final class CompletionStream {

    private static final String DONE = "[DONE]";

    private final ChatJson json;
    private final UpstreamErrors errors;
    private final Consumer<LlmEvent> sink;
    private String finishReason;
    private Usage usage = Usage.UNKNOWN;
    private int chunks;
    private int tokens;

    CompletionStream(ChatJson json, UpstreamErrors errors, Consumer<LlmEvent> sink) {
        this.json = json;
        this.errors = errors;
        this.sink = sink;
    }

    /** What a finished stream amounted to, for logging. */
    record Summary(int tokens, LlmEvent.Finished finished) {}

    /** Reads all events and emits them; exceptions of the sink propagate unchanged. */
    Summary pump(ServerSentEvents events) throws IOException {
        Optional<String> data;
        while ((data = events.nextData()).isPresent()) {
            String payload = data.get().strip();
            if (payload.equals(DONE)) {
                return finish();
            }
            if (!payload.isEmpty()) {
                accept(json.parseObject(payload));
            }
        }
        if (chunks == 0) {
            throw UpstreamErrors.protocol("the event stream ended before any data");
        }
        return finish();
    }

    /** Emits a whole answer as one token and the end, for a server that did not stream. */
    static Summary replay(LlmResponse answer, Consumer<LlmEvent> sink) {
        boolean hasText = !answer.text().isEmpty();
        if (hasText) {
            sink.accept(new LlmEvent.Token(answer.text()));
        }
        LlmEvent.Finished finished = new LlmEvent.Finished(answer.finishReason(), answer.usage());
        sink.accept(finished);
        return new Summary(hasText ? 1 : 0, finished);
    }

    private void accept(JsonNode chunk) {
        chunks++;
        if (ChatJson.hasError(chunk)) {
            throw errors.fromErrorObject(chunk);
        }
        JsonNode choices = chunk.path("choices");
        if (choices.isArray()) {
            choices.forEach(this::acceptChoice);
        }
        if (chunk.path("usage").isObject()) {
            usage = ChatJson.usage(chunk.path("usage"));
        }
    }

    private void acceptChoice(JsonNode choice) {
        if (choice.path("index").asInt(0) != 0) {
            return;
        }
        JsonNode content = choice.path("delta").path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            tokens++;
            sink.accept(new LlmEvent.Token(content.asText()));
        }
        ChatJson.finishReason(choice).ifPresent(reason -> finishReason = reason);
    }

    private Summary finish() {
        LlmEvent.Finished finished = new LlmEvent.Finished(finishReason == null ? "unknown" : finishReason, usage);
        sink.accept(finished);
        return new Summary(tokens, finished);
    }
}
