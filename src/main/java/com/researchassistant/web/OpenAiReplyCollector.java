package com.researchassistant.web;

import com.researchassistant.chat.ChatEvent;
import com.researchassistant.session.Source;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.function.Consumer;

/** Gathers chat events into one {@code chat.completion}, for OpenAI clients that do not stream. */
final class OpenAiReplyCollector implements Consumer<ChatEvent> {

    private final WebMetrics metrics;
    private final long received;
    private final OpenAiReplies replies;
    private final StringBuilder text = new StringBuilder();
    private List<Source> sources = List.of();
    private boolean firstToken = true;
    private ChatEvent.Done done;
    private ChatEvent.Failed failed;

    OpenAiReplyCollector(WebMetrics metrics, long received, OpenAiReplies replies) {
        this.metrics = metrics;
        this.received = received;
        this.replies = replies;
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.Meta m -> {}
            case ChatEvent.Sources s -> sources = s.sources();
            case ChatEvent.Plan p -> { }
            case ChatEvent.Safety s -> { }
            case ChatEvent.Trace t -> { }
            case ChatEvent.Token t -> {
                if (firstToken) {
                    firstToken = false;
                    metrics.firstToken(System.nanoTime() - received);
                }
                text.append(t.text());
            }
            case ChatEvent.Done d -> done = d;
            case ChatEvent.Failed f -> {
                metrics.chatFailure(f.code());
                failed = f;
            }
        }
    }

    void render(ServerRequest req, ServerResponse res) {
        if (failed != null || done == null) {
            ChatEvent.Failed f = failed != null ? failed
                    : new ChatEvent.Failed("internal", "The answer ended unexpectedly.", "", ChatEvent.Reason.UPSTREAM);
            Responses.json(req, res, ErrorMapper.status(f.reason()), OpenAiErrors.of(f));
            return;
        }
        Responses.json(req, res, 200, replies.completion(text.toString(), done, sources));
    }
}
