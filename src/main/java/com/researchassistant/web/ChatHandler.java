package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.answers.RunningAnswers;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.ChatRequest;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.ClientGone;
import com.researchassistant.chat.ClientProfile;
import com.researchassistant.chat.LibraryScope;
import com.researchassistant.chat.RetryRequest;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.config.ServerConfig;
import com.researchassistant.db.StoreException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/sessions/{id}/messages}: validates, takes a place in the admission queue (or
 * answers 429), then streams the answer as server-sent events or returns it as one JSON reply.
 * The body carries a new message ({@code content}) or the id of the stored question to answer
 * again ({@code retry}); both go through the same checks, limits and events.
 */
final class ChatHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatHandler.class);

    private final ChatService chat;
    private final SessionStore store;
    private final RunningAnswers running;
    private final JsonBodies bodies;
    private final AnswerIntake intake;
    private final int maxMessageChars;
    private final Heartbeat heartbeat;
    private final BiFunction<String, String, LibraryScope> scopes;

    ChatHandler(
            ChatService chat,
            SessionStore store,
            RunningAnswers running,
            JsonBodies bodies,
            AnswerIntake intake,
            ServerConfig server) {
        this(chat, store, running, bodies, intake, server, (owner, sessionId) -> LibraryScope.WHOLE);
    }

    /** @param scopes the part of the library a conversation's answers draw on (its collection) */
    ChatHandler(
            ChatService chat,
            SessionStore store,
            RunningAnswers running,
            JsonBodies bodies,
            AnswerIntake intake,
            ServerConfig server,
            BiFunction<String, String, LibraryScope> scopes) {
        this.scopes = scopes;
        this.chat = chat;
        this.store = store;
        this.running = running;
        this.bodies = bodies;
        this.intake = intake;
        this.maxMessageChars = server.maxMessageChars();
        this.heartbeat = new Heartbeat(server.heartbeat(), intake.clock());
    }

    /**
     * What to answer, a new message or a retry, and what the streaming needs to know of it.
     *
     * @param retry the id of the question to answer again, "" for a new message
     * @param answer runs the answer into the sink it is given
     */
    private record Asked(String sessionId, ClientProfile profile, String retry, Consumer<Consumer<ChatEvent>> answer) {}

    void post(ServerRequest req, ServerResponse res) throws InterruptedException {
        WebMetrics.FirstToken received = intake.metrics().received();
        String owner = intake.identities().resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        Asked request = parse(body, req, owner);
        boolean finishOnDisconnect = finishOnDisconnect(body);
        if (store.findRecent(owner, request.sessionId(), 0).isEmpty()) { // no turns read: the answer reads its window
            throw ApiException.notFound("session");
        }
        RunningAnswers.Claim claim = running.claim(request.sessionId())
                .orElseThrow(() -> new ApiException(
                        409,
                        "answer_in_progress",
                        "This conversation is still being answered. Wait for the answer or stop it."));
        try (claim) {
            if (!request.retry().isEmpty()) {
                chat.checkRetryable(owner, request.sessionId(), request.retry()); // no other answer can change it now
            }
            try (Admission.Ticket ticket = intake.admit(owner, request.profile().timeout())) {
                if (wantsStream(req)) {
                    stream(req, res, request, ticket, claim, finishOnDisconnect, received);
                } else {
                    reply(req, res, request, ticket, claim, received);
                }
            }
        } finally {
            Thread.interrupted(); // a cancel that raced with the end of the answer must not leak
        }
    }

    /**
     * {@code "onDisconnect":"finish"} (the web app) keeps answering and stores the answer when the
     * client goes away, a phone locking mid-answer; {@code "cancel"}, the default, stops at once.
     */
    private static boolean finishOnDisconnect(ObjectNode body) {
        String mode = JsonBodies.optionalString(body, "onDisconnect").orElse("cancel");
        return switch (mode) {
            case "finish" -> true;
            case "cancel" -> false;
            default ->
                throw ApiException.badRequest("invalid_field", "'onDisconnect' must be \"finish\" or \"cancel\".");
        };
    }

    private Asked parse(ObjectNode body, ServerRequest req, String owner) {
        ClientProfile profile = intake.profiles().resolve(JsonBodies.optionalString(body, "client"), req);
        String sessionId = PathIds.session(req);
        Optional<String> retry = JsonBodies.optionalString(body, "retry");
        if (retry.isPresent()) {
            if (body.hasNonNull("content")) {
                throw ApiException.badRequest(
                        "invalid_field",
                        "Send either 'content' (a new message) or 'retry' (the id of a stored question), not both.");
            }
            if (retry.get().isBlank()) {
                throw ApiException.badRequest(
                        "invalid_field", "'retry' must be the id of the question to answer again.");
            }
            RetryRequest again =
                    new RetryRequest(owner, sessionId, retry.get(), profile, scopes.apply(owner, sessionId));
            return new Asked(sessionId, profile, again.userMessageId(), sink -> chat.answerAgain(again, sink));
        }
        ChatRequest request = message(body, owner, sessionId, profile);
        return new Asked(sessionId, profile, "", sink -> chat.answer(request, sink));
    }

    private ChatRequest message(ObjectNode body, String owner, String sessionId, ClientProfile profile) {
        String content = JsonBodies.requiredString(body, "content");
        if (content.isBlank()) {
            throw ApiException.badRequest("empty_message", "The message is empty.");
        }
        if (content.length() > maxMessageChars) {
            throw new ApiException(
                    413, "message_too_long", "The message is longer than " + maxMessageChars + " characters.");
        }
        return new ChatRequest(owner, sessionId, content, profile, scopes.apply(owner, sessionId));
    }

    private static boolean wantsStream(ServerRequest req) {
        return req.headers()
                .first(HeaderNames.ACCEPT)
                .map(a -> a.toLowerCase(Locale.ROOT).contains("text/event-stream"))
                .orElse(false);
    }

    private void stream(
            ServerRequest req,
            ServerResponse res,
            Asked request,
            Admission.Ticket ticket,
            RunningAnswers.Claim claim,
            boolean finishOnDisconnect,
            WebMetrics.FirstToken received) {
        SseWriter.streamHeaders(res);
        try (SseWriter sse = new SseWriter(res.outputStream(), heartbeat, Thread.currentThread(), finishOnDisconnect)) {
            sse.comment("stream open");
            if (!awaitWorker(sse, ticket, request)) {
                intake.metrics().chatFailure("server_busy");
                sse.event(
                        "error",
                        Json.text(new Dto.ErrorEvent(
                                "server_busy", "The server stayed busy too long. Please retry.", "", 503)));
                return;
            }
            sse.startHeartbeat();
            StreamSink sink = new StreamSink(sse, intake.metrics(), received);
            try {
                request.answer().accept(releasingAtEnd(sink, claim));
            } catch (StoreException e) {
                // the stream has started: the failure goes out as an error event, never as a silent close
                ApiException failure = ErrorMapper.map(req, e);
                intake.metrics().chatFailure(failure.code());
                sse.event(
                        "error",
                        Json.text(new Dto.ErrorEvent(failure.code(), failure.getMessage(), "", failure.status())));
            }
        } catch (ClientGone gone) {
            log.debug(
                    "session {}: {}",
                    request.sessionId(),
                    claim.cancelled() ? "answer cancelled" : "client left the stream");
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * Frees the conversation for its next message as the last event goes out, not after the
     * handler has wound down: the answer is stored by then, and a client that sends its next
     * message the moment it reads {@code done} must not be told the answer is still in progress.
     */
    private static Consumer<ChatEvent> releasingAtEnd(Consumer<ChatEvent> sink, RunningAnswers.Claim claim) {
        return event -> {
            if (event instanceof ChatEvent.Done || event instanceof ChatEvent.Failed) {
                claim.close();
            }
            sink.accept(event);
        };
    }

    /** Waits for a worker; false when none came in time. A cancel while queued ends the stream. */
    private static boolean awaitWorker(SseWriter sse, Admission.Ticket ticket, Asked request) {
        try {
            return sse.awaitWorker(ticket, request.profile().timeout());
        } catch (InterruptedException e) {
            throw new ClientGone(e);
        }
    }

    private void reply(
            ServerRequest req,
            ServerResponse res,
            Asked request,
            Admission.Ticket ticket,
            RunningAnswers.Claim claim,
            WebMetrics.FirstToken received) {
        try {
            if (!ticket.await(request.profile().timeout())) {
                intake.metrics().chatFailure("server_busy");
                throw new ApiException(
                        503,
                        "server_busy",
                        "The server stayed busy too long. Please retry.",
                        intake.admission().retryAfterSeconds());
            }
            ReplyCollector collector = new ReplyCollector(intake.metrics(), received);
            request.answer().accept(releasingAtEnd(collector, claim));
            collector.render(req, res);
        } catch (InterruptedException | ClientGone e) {
            if (!claim.cancelled()) {
                throw e instanceof ClientGone gone ? gone : new ClientGone(e);
            }
            throw new ApiException(
                    409, "cancelled", "The answer was stopped; what was written so far is kept in the conversation.");
        }
    }
}
