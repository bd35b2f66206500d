package com.researchassistant.web;

import com.researchassistant.chat.ChatEvent;
import java.util.function.Consumer;

/**
 * Renders chat events as SSE events: meta, title, plan, sources, token, safety, trace, done, then
 * citations when the answer's citations were checked, or error.
 */
final class StreamSink implements Consumer<ChatEvent> {

    private final SseWriter sse;
    private final WebMetrics metrics;
    private final WebMetrics.FirstToken firstToken;

    StreamSink(SseWriter sse, WebMetrics metrics, WebMetrics.FirstToken firstToken) {
        this.sse = sse;
        this.metrics = metrics;
        this.firstToken = firstToken;
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.Meta meta -> sse.event("meta", Json.text(Dto.MetaEvent.of(meta)));
            case ChatEvent.Title title -> sse.event("title", Json.text(Dto.TitleEvent.of(title)));
            case ChatEvent.Plan plan -> sse.event("plan", Json.text(Dto.PlanEvent.of(plan)));
            case ChatEvent.Safety safety -> sse.event("safety", Json.text(new Dto.SafetyEvent(safety.notes())));
            case ChatEvent.Trace trace -> sse.event("trace", Json.text(trace.trace()));
            case ChatEvent.Sources sources -> sse.event("sources", Json.text(Dto.SourcesEvent.of(sources.sources())));
            case ChatEvent.Token token -> {
                sse.event("token", Json.text(new Dto.TokenEvent(token.text())));
                firstToken.token();
            }
            case ChatEvent.Done done -> {
                sse.event("done", Json.text(Dto.DoneEvent.of(done)));
                if (done.citations().present()) {
                    sse.event("citations", Json.text(Dto.CitationsEvent.of(done)));
                }
            }
            case ChatEvent.Failed failed -> {
                metrics.chatFailure(failed.code());
                sse.event(
                        "error",
                        Json.text(new Dto.ErrorEvent(
                                failed.code(),
                                failed.message(),
                                failed.messageId(),
                                ErrorMapper.status(failed.reason()))));
            }
        }
    }
}
