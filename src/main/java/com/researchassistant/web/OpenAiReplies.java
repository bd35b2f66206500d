package com.researchassistant.web;

import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.Source;
import java.util.List;
import java.util.UUID;

/**
 * Builds the bodies of one completion, all sharing its id, creation time and model name.
 *
 * @param created seconds since the epoch, as OpenAI counts
 */
record OpenAiReplies(String id, long created, String model) {

    static OpenAiReplies start(String model, long epochSeconds) {
        return new OpenAiReplies("chatcmpl-" + UUID.randomUUID().toString().replace("-", ""), epochSeconds, model);
    }

    OpenAiDto.Completion completion(String text, ChatEvent.Done done, List<Source> sources) {
        return new OpenAiDto.Completion(
                id,
                "chat.completion",
                created,
                model,
                List.of(new OpenAiDto.Choice(0, new OpenAiDto.Message("assistant", text), finishReason(done))),
                OpenAiDto.Usage.of(done.promptTokens(), done.completionTokens()),
                sourceDtos(sources),
                Dto.CitationsDto.of(done.citations()));
    }

    OpenAiDto.Chunk role() {
        return chunk(new OpenAiDto.Delta("assistant", ""), null, List.of(), null);
    }

    OpenAiDto.Chunk content(String text) {
        return chunk(new OpenAiDto.Delta(null, text), null, List.of(), null);
    }

    /** The last choice chunk: an empty delta, the finish reason and (our extensions) the sources and citations. */
    OpenAiDto.Chunk finish(ChatEvent.Done done, List<Source> sources) {
        return chunk(
                new OpenAiDto.Delta(null, null), finishReason(done), sources, Dto.CitationsDto.of(done.citations()));
    }

    /** Sent after the finish chunk only when the client asked with {@code stream_options.include_usage}. */
    OpenAiDto.Chunk usage(ChatEvent.Done done) {
        return new OpenAiDto.Chunk(
                id,
                "chat.completion.chunk",
                created,
                model,
                List.of(),
                OpenAiDto.Usage.of(done.promptTokens(), done.completionTokens()),
                List.of(),
                null);
    }

    private OpenAiDto.Chunk chunk(
            OpenAiDto.Delta delta, String finishReason, List<Source> sources, Dto.CitationsDto citations) {
        return new OpenAiDto.Chunk(
                id,
                "chat.completion.chunk",
                created,
                model,
                List.of(new OpenAiDto.ChunkChoice(0, delta, finishReason)),
                null,
                sourceDtos(sources),
                citations);
    }

    /** OpenAI's values where the upstream gave one; anything else ended normally. */
    private static String finishReason(ChatEvent.Done done) {
        return switch (done.finishReason()) {
            case "length", "content_filter" -> done.finishReason();
            default -> "stop";
        };
    }

    private static List<Dto.SourceDto> sourceDtos(List<Source> sources) {
        return sources.stream().map(Dto.SourceDto::of).toList();
    }
}
