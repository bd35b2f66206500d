package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.chat.Assistant;
import com.researchassistant.chat.AssistantRequest;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.ClientGone;
import com.researchassistant.chat.ClientProfile;
import com.researchassistant.config.ServerConfig;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible face of the assistant: {@code POST /v1/chat/completions} and {@code GET
 * /v1/models}, so any OpenAI client library can use it with a Bearer key. Stateless: the client
 * sends the whole conversation each time. Admission, queueing and streaming behave as in {@link
 * ChatHandler}; errors have OpenAI's shape, so this handler writes them itself.
 */
final class OpenAiApiHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenAiApiHandler.class);

    private final Assistant assistant;
    private final AnswerIntake intake;
    private final int maxBodyBytes;
    private final int maxMessageChars;
    private final Heartbeat heartbeat;
    private final String modelId;
    private final Optional<ResearchCompletions> research;

    /** @param research the model {@code research}, which runs a research job; empty without research */
    OpenAiApiHandler(
            Assistant assistant,
            AnswerIntake intake,
            ServerConfig server,
            String modelId,
            Optional<ResearchCompletions> research) {
        this.assistant = assistant;
        this.intake = intake;
        this.maxBodyBytes = server.maxBodyBytes();
        this.maxMessageChars = server.maxMessageChars();
        this.heartbeat = new Heartbeat(server.heartbeat(), intake.clock());
        this.modelId = modelId;
        this.research = research;
    }

    /** Failures go to the router's error handler, which answers paths under /v1/ in OpenAI's shape. */
    void chatCompletions(ServerRequest req, ServerResponse res) throws InterruptedException {
        WebMetrics.FirstToken received = intake.metrics().received();
        String owner = owner(req, res);
        OpenAiCompletionRequest request = OpenAiCompletionRequest.parse(readBody(req), maxMessageChars);
        if (research.isPresent() && ResearchCompletions.wants(request)) {
            research.get().answer(req, res, owner, request);
            return;
        }
        ClientProfile profile = capped(intake.profiles().resolve(Optional.empty(), req), request);
        AssistantRequest question = new AssistantRequest(owner, request.history(), request.message(), profile);
        OpenAiReplies replies = OpenAiReplies.start(
                request.model().orElse(modelId), intake.clock().millis() / 1000);
        try (Admission.Ticket ticket = intake.admit(owner, profile.timeout())) {
            if (request.stream()) {
                stream(req, res, question, request.includeUsage(), replies, ticket, received);
            } else {
                reply(req, res, question, replies, ticket, received);
            }
        }
    }

    void models(ServerRequest req, ServerResponse res) {
        owner(req, res);
        List<OpenAiDto.Model> models = research.isPresent()
                ? List.of(OpenAiDto.Model.of(modelId), OpenAiDto.Model.of(ResearchCompletions.MODEL))
                : List.of(OpenAiDto.Model.of(modelId));
        Responses.json(req, res, 200, new OpenAiDto.ModelList("list", models));
    }

    /** For {@code /v1/*} paths nothing else matched: OpenAI's 404 body. */
    void unknownRoute(ServerRequest req, ServerResponse res) {
        throw new ApiException(
                404,
                "unknown_url",
                "Invalid URL (" + req.prologue().method().text() + " "
                        + req.path().path() + ")");
    }

    /** API keys only: a browser cookie is no credential for an OpenAI client. */
    private String owner(ServerRequest req, ServerResponse res) {
        if (req.headers().first(HeaderNames.AUTHORIZATION).isEmpty()) {
            throw new ApiException(401, "missing_api_key", "Send your API key as 'Authorization: Bearer <key>'.");
        }
        return intake.identities().resolve(req, res);
    }

    /**
     * Reads the body as JSON whatever its declared type: some OpenAI clients send none, and the
     * body is never anything else.
     */
    private ObjectNode readBody(ServerRequest req) {
        byte[] raw = JsonBodies.readBounded(req, maxBodyBytes);
        if (raw.length == 0) {
            throw OpenAiErrors.invalid("messages", "The body is empty; send a JSON object with 'messages'.");
        }
        try {
            return JsonBodies.parseObject(raw);
        } catch (ApiException e) {
            throw OpenAiErrors.invalid(null, e.getMessage());
        }
    }

    private static ClientProfile capped(ClientProfile profile, OpenAiCompletionRequest request) {
        int max = request.maxTokens().orElse(profile.maxTokens());
        return max >= profile.maxTokens()
                ? profile
                : new ClientProfile(profile.name(), max, profile.timeout(), profile.contextChars());
    }

    private void stream(
            ServerRequest req,
            ServerResponse res,
            AssistantRequest question,
            boolean includeUsage,
            OpenAiReplies replies,
            Admission.Ticket ticket,
            WebMetrics.FirstToken received)
            throws InterruptedException {
        SseWriter.streamHeaders(res);
        try (SseWriter sse = new SseWriter(res.outputStream(), heartbeat, Thread.currentThread())) {
            sse.comment("stream open");
            OpenAiStreamSink sink = new OpenAiStreamSink(sse, intake.metrics(), received, replies, includeUsage);
            if (!sse.awaitWorker(ticket, question.profile().timeout())) {
                sink.fail(new ChatEvent.Failed(
                        "server_busy",
                        "The server stayed busy too long. Please retry.",
                        "",
                        ChatEvent.Reason.UNAVAILABLE));
                return;
            }
            sse.startHeartbeat();
            answerInto(req, sink, question);
        } catch (ClientGone gone) {
            log.debug("{}: client left the stream", replies.id());
        } finally {
            Thread.interrupted();
        }
    }

    /** Runs the answer; a crash of the pipeline still ends the stream the way OpenAI clients expect. */
    private void answerInto(ServerRequest req, OpenAiStreamSink sink, AssistantRequest question) {
        try {
            assistant.answer(question, sink);
        } catch (ClientGone gone) {
            throw gone;
        } catch (RuntimeException e) {
            ApiException api = ErrorMapper.map(req, e);
            sink.fail(new ChatEvent.Failed(api.code(), api.getMessage(), "", ChatEvent.Reason.UPSTREAM));
            return;
        }
        sink.finish();
    }

    private void reply(
            ServerRequest req,
            ServerResponse res,
            AssistantRequest question,
            OpenAiReplies replies,
            Admission.Ticket ticket,
            WebMetrics.FirstToken received)
            throws InterruptedException {
        if (!ticket.await(question.profile().timeout())) {
            intake.metrics().chatFailure("server_busy");
            throw new ApiException(
                    503,
                    "server_busy",
                    "The server stayed busy too long. Please retry.",
                    intake.admission().retryAfterSeconds());
        }
        ReplyCollector collector = new ReplyCollector(intake.metrics(), received);
        assistant.answer(question, collector);
        Optional<ChatEvent.Failed> failure = collector.failure();
        if (failure.isPresent()) {
            Responses.json(req, res, ErrorMapper.status(failure.get().reason()), OpenAiErrors.of(failure.get()));
            return;
        }
        Responses.json(req, res, 200, replies.completion(collector.text(), collector.done(), collector.sources()));
    }
}
