package com.researchassistant.chat;

import com.researchassistant.llm.LlmClient;
import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.LlmRequest;
import com.researchassistant.llm.Usage;
import com.researchassistant.session.NewTurn;
import com.researchassistant.session.Session;
import com.researchassistant.session.SessionStore;
import com.researchassistant.session.Turn;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one message: stores it, streams the model's answer to the sink, stores the answer.
 * Whatever happens, the user's message is kept, and so is every part of an answer that was
 * streamed, marked partial when the answer did not finish.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    static final String NO_MODEL_NOTICE = "No language model is configured on this server yet, so I can't write "
            + "an answer. Your message is saved. To turn answers on, whoever runs this server can set HF_TOKEN "
            + "(a Hugging Face access token) or RA_LLM_BASE_URL (any OpenAI-compatible server) and restart it.";

    private final SessionStore store;
    private final LlmClient llm;
    private final ChatSettings settings;
    private final LongSupplier nanoTime;
    private final PromptBuilder prompts = new PromptBuilder();

    public ChatService(SessionStore store, LlmClient llm, ChatSettings settings, LongSupplier nanoTime) {
        this.store = store;
        this.llm = llm;
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /**
     * Answers {@code request}, emitting {@link ChatEvent}s to {@code sink} in order.
     *
     * @throws SessionNotFound when the session does not exist for the owner
     * @throws ClientGone when the sink reported that the client left; the partial answer is stored
     */
    public void answer(ChatRequest request, Consumer<ChatEvent> sink) {
        long start = nanoTime.getAsLong();
        Session session = store.find(request.owner(), request.sessionId())
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
        Turn question = append(request, NewTurn.user(request.content(), request.profile().name()));
        sink.accept(new ChatEvent.Meta(session.id(), question.id(), request.profile().name(), model()));
        if (!settings.modelConfigured()) {
            answerWithNotice(request, sink, start);
            return;
        }
        LlmRequest call = new LlmRequest(
                settings.model(),
                prompts.build(session.turns(), request.content(), request.profile()),
                request.profile().maxTokens(),
                settings.temperature(),
                request.profile().timeout());
        stream(request, call, sink, start);
    }

    private void stream(ChatRequest request, LlmRequest call, Consumer<ChatEvent> sink, long start) {
        StringBuilder text = new StringBuilder();
        AtomicReference<LlmEvent.Finished> finished = new AtomicReference<>();
        long[] firstToken = {-1};
        try {
            llm.stream(call, event -> {
                switch (event) {
                    case LlmEvent.Token token -> {
                        if (firstToken[0] < 0) {
                            firstToken[0] = millisSince(start);
                        }
                        text.append(token.text());
                        sink.accept(new ChatEvent.Token(token.text()));
                    }
                    case LlmEvent.Finished done -> finished.set(done);
                }
            });
        } catch (ClientGone gone) {
            Thread.interrupted();
            storePartial(request, text, call.model(), start);
            log.info("session {}: client left after {} chars; partial answer kept", request.sessionId(), text.length());
            throw gone;
        } catch (LlmException e) {
            if (Thread.interrupted()) {
                // Only the web layer interrupts an answering thread, when its client has left.
                storePartial(request, text, call.model(), start);
                log.info("session {}: client left after {} chars; partial answer kept", request.sessionId(), text.length());
                throw new ClientGone(e);
            }
            fail(request, sink, text, call.model(), start, e);
            return;
        }
        if (text.isEmpty()) {
            fail(request, sink, text, call.model(), start, new LlmException.NonRetryable(
                    LlmException.Kind.PROTOCOL, 0, "the model returned an empty answer", null));
            return;
        }
        LlmEvent.Finished done = finished.get();
        Usage usage = done == null ? Usage.UNKNOWN : done.usage();
        long total = millisSince(start);
        Turn answer = append(request, new NewTurn(NewTurn.Role.ASSISTANT, text.toString(), NewTurn.Status.COMPLETE,
                call.model(), request.profile().name(), usage.promptTokens(), usage.completionTokens(), total));
        sink.accept(new ChatEvent.Done(answer.id(), done == null ? "unknown" : done.finishReason(),
                usage.promptTokens(), usage.completionTokens(), firstToken[0], total, ""));
    }

    private void answerWithNotice(ChatRequest request, Consumer<ChatEvent> sink, long start) {
        long first = millisSince(start);
        sink.accept(new ChatEvent.Token(NO_MODEL_NOTICE));
        long total = millisSince(start);
        Turn notice = append(request, new NewTurn(NewTurn.Role.ASSISTANT, NO_MODEL_NOTICE, NewTurn.Status.NOTICE,
                "", request.profile().name(), -1, -1, total));
        sink.accept(new ChatEvent.Done(notice.id(), "notice", -1, -1, first, total, "no_model"));
    }

    private void fail(ChatRequest request, Consumer<ChatEvent> sink, StringBuilder text, String model, long start,
            LlmException e) {
        String partialId = storePartial(request, text, model, start);
        log.warn("session {}: model call failed ({}, status {}) after {} chars",
                request.sessionId(), e.kind(), e.status(), text.length());
        ChatEvent.Failed failed = ChatFailures.describe(e, partialId);
        try {
            sink.accept(failed);
        } catch (ClientGone gone) {
            log.debug("session {}: client left before the error could be sent", request.sessionId());
        }
    }

    private String storePartial(ChatRequest request, StringBuilder text, String model, long start) {
        if (text.isEmpty()) {
            return "";
        }
        return append(request, new NewTurn(NewTurn.Role.ASSISTANT, text.toString(), NewTurn.Status.PARTIAL, model,
                request.profile().name(), -1, -1, millisSince(start))).id();
    }

    private Turn append(ChatRequest request, NewTurn turn) {
        return store.append(request.owner(), request.sessionId(), turn)
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
    }

    private String model() {
        return settings.modelConfigured() ? settings.model() : "";
    }

    private long millisSince(long start) {
        return (nanoTime.getAsLong() - start) / 1_000_000;
    }
}
