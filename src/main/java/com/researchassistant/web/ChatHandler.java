package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.ChatRequest;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.ClientGone;
import com.researchassistant.chat.ClientProfile;
import com.researchassistant.session.SessionStore;
import com.researchassistant.session.SessionStoreException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/sessions/{id}/messages}: validates, takes a place in the admission queue (or
 * answers 429), then streams the answer as server-sent events or returns it as one JSON reply.
 */
final class ChatHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatHandler.class);

    private final ChatService chat;
    private final SessionStore store;
    private final Identities identities;
    private final JsonBodies bodies;
    private final Profiles profiles;
    private final Admission admission;
    private final WebMetrics metrics;
    private final int maxMessageChars;
    private final Duration heartbeat;

    ChatHandler(ChatService chat, SessionStore store, Identities identities, JsonBodies bodies, Profiles profiles,
            Admission admission, WebMetrics metrics, int maxMessageChars, Duration heartbeat) {
        this.chat = chat;
        this.store = store;
        this.identities = identities;
        this.bodies = bodies;
        this.profiles = profiles;
        this.admission = admission;
        this.metrics = metrics;
        this.maxMessageChars = maxMessageChars;
        this.heartbeat = heartbeat;
    }

    void post(ServerRequest req, ServerResponse res) throws InterruptedException {
        long received = System.nanoTime();
        String owner = identities.resolve(req, res);
        ChatRequest request = parse(req, owner);
        if (store.find(owner, request.sessionId()).isEmpty()) {
            throw ApiException.notFound("session");
        }
        Admission.Ticket ticket = admission.tryEnter().orElseThrow(() -> new ApiException(429, "server_busy",
                "The server is at capacity. Please retry shortly.", admission.retryAfterSeconds()));
        try (ticket) {
            if (wantsStream(req)) {
                stream(req, res, request, ticket, received);
            } else {
                reply(req, res, request, ticket, received);
            }
        }
    }

    private ChatRequest parse(ServerRequest req, String owner) {
        ObjectNode body = bodies.readObject(req);
        String content = JsonBodies.requiredString(body, "content");
        if (content.isBlank()) {
            throw ApiException.badRequest("empty_message", "The message is empty.");
        }
        if (content.length() > maxMessageChars) {
            throw new ApiException(413, "message_too_long",
                    "The message is longer than " + maxMessageChars + " characters.");
        }
        ClientProfile profile = profiles.resolve(JsonBodies.optionalString(body, "client"), req);
        return new ChatRequest(owner, SessionHandler.sessionId(req), content, profile);
    }

    private static boolean wantsStream(ServerRequest req) {
        return req.headers().first(HeaderNames.ACCEPT)
                .map(a -> a.toLowerCase(Locale.ROOT).contains("text/event-stream"))
                .orElse(false);
    }

    private void stream(ServerRequest req, ServerResponse res, ChatRequest request, Admission.Ticket ticket,
            long received) throws InterruptedException {
        SseWriter.streamHeaders(res);
        try (SseWriter sse = new SseWriter(res.outputStream(), heartbeat, Thread.currentThread())) {
            sse.comment("stream open");
            if (!sse.awaitWorker(ticket, request.profile().timeout())) {
                metrics.chatFailure("server_busy");
                sse.event("error", Json.text(new Dto.ErrorEvent("server_busy",
                        "The server stayed busy too long. Please retry.", "", 503)));
                return;
            }
            sse.startHeartbeat();
            StreamSink sink = new StreamSink(sse, metrics, received);
            try {
                chat.answer(request, sink);
            } catch (SessionStoreException e) {
                // the stream has started: the failure goes out as an error event, never as a silent close
                ApiException failure = ErrorMapper.map(req, e);
                metrics.chatFailure(failure.code());
                sse.event("error", Json.text(
                        new Dto.ErrorEvent(failure.code(), failure.getMessage(), "", failure.status())));
            }
        } catch (ClientGone gone) {
            log.debug("session {}: client left the stream", request.sessionId());
        } finally {
            Thread.interrupted();
        }
    }

    private void reply(ServerRequest req, ServerResponse res, ChatRequest request, Admission.Ticket ticket,
            long received) throws InterruptedException {
        if (!ticket.await(request.profile().timeout())) {
            metrics.chatFailure("server_busy");
            throw new ApiException(503, "server_busy", "The server stayed busy too long. Please retry.",
                    admission.retryAfterSeconds());
        }
        ReplyCollector collector = new ReplyCollector(metrics, received);
        chat.answer(request, collector);
        collector.render(req, res);
    }
}
