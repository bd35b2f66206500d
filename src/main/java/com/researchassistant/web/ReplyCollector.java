package com.researchassistant.web;

import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.SafetyNote;
import com.researchassistant.chat.Source;
import com.researchassistant.verify.CitationEdit;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Gathers chat events into one JSON reply, for clients that do not stream. */
final class ReplyCollector implements Consumer<ChatEvent> {

    private final WebMetrics metrics;
    private final WebMetrics.FirstToken firstToken;
    private final StringBuilder text = new StringBuilder();
    private ChatEvent.Meta meta;
    private List<Source> sources = List.of();
    private ChatEvent.Plan plan;
    private List<SafetyNote> safety = List.of();
    private AnswerTrace trace = AnswerTrace.NONE;
    private ChatEvent.Done done;
    private ChatEvent.Failed failed;

    ReplyCollector(WebMetrics metrics, WebMetrics.FirstToken firstToken) {
        this.metrics = metrics;
        this.firstToken = firstToken;
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.Meta m -> meta = m;
            case ChatEvent.Sources s -> sources = s.sources();
            case ChatEvent.Plan p -> plan = p;
            case ChatEvent.Title t -> {} // the conversation list shows it
            case ChatEvent.Safety s -> safety = s.notes();
            case ChatEvent.Trace t -> trace = t.trace();
            case ChatEvent.Token t -> {
                firstToken.token();
                text.append(t.text());
            }
            case ChatEvent.Done d -> done = d;
            case ChatEvent.Failed f -> {
                metrics.chatFailure(f.code());
                failed = f;
            }
        }
    }

    /** How the answer ended: the Failed event, or one standing in for an answer that ended without Done. */
    Optional<ChatEvent.Failed> failure() {
        if (failed == null && done == null) {
            return Optional.of(
                    new ChatEvent.Failed("internal", "The answer ended unexpectedly.", "", ChatEvent.Reason.UPSTREAM));
        }
        return Optional.ofNullable(failed);
    }

    /** The answer as stored: once done, without the citation markers that named no source. */
    String text() {
        return done == null
                ? text.toString()
                : CitationEdit.apply(text.toString(), done.citations().removed());
    }

    /** The Done event; only valid when {@link #failure()} is empty. */
    ChatEvent.Done done() {
        return done;
    }

    List<Source> sources() {
        return sources;
    }

    /** Renders the reply of the sessions API. */
    void render(ServerRequest req, ServerResponse res) {
        String sessionId = meta == null ? "" : meta.sessionId();
        String userMessageId = meta == null ? "" : meta.userMessageId();
        if (failure().isPresent()) {
            ChatEvent.Failed f = failure().get();
            Responses.json(
                    req,
                    res,
                    ErrorMapper.status(f.reason()),
                    new Dto.FailedReply(
                            new Dto.ErrorDetail(f.code(), f.message()), sessionId, userMessageId, f.messageId()));
            return;
        }
        Dto.DoneEvent d = Dto.DoneEvent.of(done);
        Responses.json(
                req,
                res,
                200,
                new Dto.Reply(
                        sessionId,
                        userMessageId,
                        new Dto.ReplyMessage(
                                done.messageId(),
                                "assistant",
                                text(),
                                done.notice().isEmpty() ? "complete" : "notice",
                                done.finishReason(),
                                done.notice(),
                                sources.stream().map(Dto.SourceDto::of).toList(),
                                Dto.CitationsDto.of(done.citations())),
                        d.usage(),
                        d.timings(),
                        plan == null ? null : Dto.PlanEvent.of(plan),
                        safety,
                        trace.present() ? trace : null));
    }
}
