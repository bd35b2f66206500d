package com.researchassistant.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The JSON shapes of the OpenAI-compatible API, field for field as OpenAI names them. */
final class OpenAiDto {

    static final String OWNER = "research-assistant";

    private OpenAiDto() {}

    /** {@code param} and {@code code} are null when they do not apply, as OpenAI sends them. */
    record Error(String message, String type, String param, String code) {}

    record ErrorBody(Error error) {}

    record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy) {
        static Model of(String id) {
            return new Model(id, "model", 0, OWNER);
        }
    }

    record ModelList(String object, List<Model> data) {}

    record Message(String role, String content) {}

    record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("completion_tokens") int completionTokens,
            @JsonProperty("total_tokens") int totalTokens) {
        /** Unknown counts (-1) become 0: OpenAI clients expect integers. */
        static Usage of(int prompt, int completion) {
            int p = Math.max(prompt, 0);
            int c = Math.max(completion, 0);
            return new Usage(p, c, p + c);
        }
    }

    record Choice(
            int index,
            Message message,
            @JsonProperty("finish_reason") String finishReason) {}

    /**
     * A whole answer; {@code sources} and {@code citations} (the check of the answer's citations,
     * when there was one) are our extensions, which OpenAI clients ignore.
     */
    record Completion(
            String id,
            String object,
            long created,
            String model,
            List<Choice> choices,
            Usage usage,
            List<Dto.SourceDto> sources,
            @JsonInclude(JsonInclude.Include.NON_NULL) Dto.CitationsDto citations) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delta(String role, String content) {}

    /** {@code finish_reason} is always present, null until the last choice chunk. */
    record ChunkChoice(
            int index,
            Delta delta,
            @JsonProperty("finish_reason") String finishReason) {}

    /**
     * One streamed piece; {@code usage}, {@code sources} and {@code citations} appear only where
     * they apply (the last two on the finish chunk; the citations' {@code removed} markers were in
     * the streamed content, the stored answer is without them).
     */
    record Chunk(
            String id,
            String object,
            long created,
            String model,
            List<ChunkChoice> choices,
            @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Dto.SourceDto> sources,
            @JsonInclude(JsonInclude.Include.NON_NULL) Dto.CitationsDto citations) {}
}
