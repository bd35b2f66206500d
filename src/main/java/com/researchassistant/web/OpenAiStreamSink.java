package com.researchassistant.web;

import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.Source;
import java.util.List;
import java.util.function.Consumer;

/**
 * Renders chat events as OpenAI {@code chat.completion.chunk}s: a role chunk, content chunks, a
 * chunk with the finish reason, a usage chunk when the client asked for one, then {@code [DONE]}.
 * A failure becomes an {@code error} chunk, which the OpenAI SDKs raise, followed by {@code [DONE]}.
 */
final class OpenAiStreamSink implements Consumer<ChatEvent> {

    static final String DONE = "[DONE]";

    private final SseWriter sse;
    private final WebMetrics metrics;
    private final WebMetrics.FirstToken firstToken;
    private final OpenAiReplies replies;
    private final boolean includeUsage;
    private List<Source> sources = List.of();
    private boolean started;
    private boolean ended;

    OpenAiStreamSink(
            SseWriter sse,
            WebMetrics metrics,
            WebMetrics.FirstToken firstToken,
            OpenAiReplies replies,
            boolean includeUsage) {
        this.sse = sse;
        this.metrics = metrics;
        this.firstToken = firstToken;
        this.replies = replies;
        this.includeUsage = includeUsage;
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.Meta meta -> start();
            case ChatEvent.Sources s -> sources = s.sources();
            case ChatEvent.Plan plan -> {}
            case ChatEvent.Title title -> {}
            case ChatEvent.Safety safety -> {}
            case ChatEvent.Trace trace -> {}
            case ChatEvent.Token token -> {
                start();
                firstToken.token();
                data(replies.content(token.text()));
            }
            case ChatEvent.Done done -> {
                start();
                data(replies.finish(done, sources));
                if (includeUsage) {
                    data(replies.usage(done));
                }
                end();
            }
            case ChatEvent.Failed failed -> fail(failed);
        }
    }

    /** Ends a stream whose answer returned without a Done or Failed event. */
    void finish() {
        if (!ended) {
            fail(new ChatEvent.Failed("internal", "The answer ended unexpectedly.", "", ChatEvent.Reason.UPSTREAM));
        }
    }

    /** Ends the stream with an error; the response status is already 200. */
    void fail(ChatEvent.Failed failed) {
        metrics.chatFailure(failed.code());
        sse.data(Json.text(OpenAiErrors.of(failed)));
        end();
    }

    private void start() {
        if (!started) {
            started = true;
            data(replies.role());
        }
    }

    private void end() {
        ended = true;
        sse.data(DONE);
    }

    private void data(OpenAiDto.Chunk chunk) {
        sse.data(Json.text(chunk));
    }
}
