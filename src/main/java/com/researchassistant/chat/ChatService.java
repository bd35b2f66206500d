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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one message: stores it, grounds it in the library and the conversation, streams the
 * model's answer to the sink and stores the answer. Whatever happens, the user's message is kept,
 * and so is every part of an answer that was streamed, marked partial when it did not finish.
 * Without a model, or when the model fails before answering, the answer is extractive.
 */
public final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    static final String NO_MODEL_NOTICE = "No language model is configured on this server yet, and nothing in your "
            + "library matches this question, so I can't answer it. Your message is saved. Add documents to your "
            + "library for retrieval-only answers, or ask whoever runs this server to set HF_TOKEN (a Hugging Face "
            + "access token) or RA_LLM_BASE_URL (any OpenAI-compatible server).";
    static final String NO_MODEL_REASON = "no language model is configured on this server.";

    private final SessionStore store;
    private final LlmClient llm;
    private final ChatSettings settings;
    private final Grounder grounder;
    private final ExtractiveAnswerer extractive;
    private final LongSupplier nanoTime;
    private final PromptBuilder prompts = new PromptBuilder();

    public ChatService(SessionStore store, LlmClient llm, ChatSettings settings, Knowledge knowledge,
            LongSupplier nanoTime) {
        this.store = store;
        this.llm = llm;
        this.settings = settings;
        this.grounder = new Grounder(knowledge.library(), knowledge.embedder(), knowledge.settings());
        this.extractive = new ExtractiveAnswerer(knowledge.embedder(), knowledge.settings().minSentenceSimilarity());
        this.nanoTime = nanoTime;
    }

    /**
     * Answers {@code request}, emitting {@link ChatEvent}s to {@code sink} in order.
     *
     * @throws SessionNotFound when the session does not exist for the owner
     * @throws ClientGone when the sink reported that the client left; the partial answer is stored
     */
    public void answer(ChatRequest request, Consumer<ChatEvent> sink) {
        Answer answer = new Answer(request, sink, nanoTime.getAsLong());
        Session session = store.find(request.owner(), request.sessionId())
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
        Turn question = append(request, NewTurn.user(request.content(), request.profile().name()));
        sink.accept(new ChatEvent.Meta(session.id(), question.id(), request.profile().name(), model()));
        List<Turn> history = session.turns();
        int recentFrom = prompts.recentFrom(history, request.profile().contextChars());
        answer.grounding = grounder.ground(request.owner(), request.content(), history.subList(0, recentFrom));
        if (!answer.grounding.isEmpty()) {
            sink.accept(new ChatEvent.Sources(answer.grounding.sources()));
        }
        if (!settings.modelConfigured()) {
            answerWithoutModel(answer, NO_MODEL_REASON, Optional.empty());
            return;
        }
        LlmRequest call = new LlmRequest(settings.model(),
                prompts.build(history, request.content(), request.profile(), answer.grounding),
                request.profile().maxTokens(), settings.temperature(), request.profile().timeout());
        stream(answer, call);
    }

    /** The state of one answer in progress. */
    private final class Answer {
        final ChatRequest request;
        final Consumer<ChatEvent> sink;
        final long start;
        final StringBuilder text = new StringBuilder();
        Grounding grounding = Grounding.NONE;
        long firstToken = -1;

        Answer(ChatRequest request, Consumer<ChatEvent> sink, long start) {
            this.request = request;
            this.sink = sink;
            this.start = start;
        }

        long elapsedMillis() {
            return (nanoTime.getAsLong() - start) / 1_000_000;
        }
    }

    private void stream(Answer answer, LlmRequest call) {
        LlmEvent.Finished[] finished = {null};
        try {
            llm.stream(call, event -> {
                switch (event) {
                    case LlmEvent.Token token -> {
                        if (answer.firstToken < 0) {
                            answer.firstToken = answer.elapsedMillis();
                        }
                        answer.text.append(token.text());
                        answer.sink.accept(new ChatEvent.Token(token.text()));
                    }
                    case LlmEvent.Finished done -> finished[0] = done;
                }
            });
        } catch (ClientGone gone) {
            Thread.interrupted();
            storePartial(answer, call.model());
            throw gone;
        } catch (LlmException e) {
            if (Thread.interrupted()) {
                // Only the web layer interrupts an answering thread, when its client has left.
                storePartial(answer, call.model());
                throw new ClientGone(e);
            }
            failOrFallBack(answer, call.model(), e);
            return;
        }
        if (answer.text.isEmpty()) {
            failOrFallBack(answer, call.model(), new LlmException.NonRetryable(
                    LlmException.Kind.PROTOCOL, 0, "the model returned an empty answer", null));
            return;
        }
        Usage usage = finished[0] == null ? Usage.UNKNOWN : finished[0].usage();
        long total = answer.elapsedMillis();
        Turn stored = append(answer.request, new NewTurn(NewTurn.Role.ASSISTANT, answer.text.toString(),
                NewTurn.Status.COMPLETE, call.model(), answer.request.profile().name(), usage.promptTokens(),
                usage.completionTokens(), total, answer.grounding.sources()));
        answer.sink.accept(new ChatEvent.Done(stored.id(), finished[0] == null ? "unknown" : finished[0].finishReason(),
                usage.promptTokens(), usage.completionTokens(), answer.firstToken, total, ""));
    }

    /** A model that fails before its first token still leaves a retrieval-only answer when there is grounding. */
    private void failOrFallBack(Answer answer, String model, LlmException e) {
        log.warn("session {}: model call failed ({}, status {}) after {} chars", answer.request.sessionId(), e.kind(),
                e.status(), answer.text.length());
        ChatEvent.Failed failed = ChatFailures.describe(e, "");
        if (answer.text.isEmpty() && answerWithoutModel(answer, lowerFirst(failed.message()), Optional.of(failed))) {
            return;
        }
        String partialId = storePartial(answer, model);
        try {
            answer.sink.accept(ChatFailures.describe(e, partialId));
        } catch (ClientGone gone) {
            log.debug("session {}: client left before the error could be sent", answer.request.sessionId());
        }
    }

    /**
     * Answers from the grounding alone; without grounding, with a notice, or not at all when
     * {@code failure} is given (the caller then reports the failure). Returns whether it answered.
     */
    private boolean answerWithoutModel(Answer answer, String why, Optional<ChatEvent.Failed> failure) {
        Optional<String> text = answer.grounding.isEmpty() ? Optional.empty()
                : extractive.answer(answer.request.content(), answer.grounding, capitalise(why));
        if (text.isEmpty() && failure.isPresent()) {
            return false;
        }
        String body = text.orElse(NO_MODEL_NOTICE);
        long first = answer.elapsedMillis();
        answer.sink.accept(new ChatEvent.Token(body));
        long total = answer.elapsedMillis();
        Turn stored = append(answer.request, new NewTurn(NewTurn.Role.ASSISTANT, body, NewTurn.Status.NOTICE, "",
                answer.request.profile().name(), -1, -1, total, text.isPresent() ? answer.grounding.sources() : List.of()));
        String notice = text.isPresent() ? "retrieval_only" : "no_model";
        answer.sink.accept(new ChatEvent.Done(stored.id(), "notice", -1, -1, first, total, notice));
        return true;
    }

    private String storePartial(Answer answer, String model) {
        if (answer.text.isEmpty()) {
            return "";
        }
        log.info("session {}: answer stopped after {} chars; partial answer kept", answer.request.sessionId(),
                answer.text.length());
        return append(answer.request, new NewTurn(NewTurn.Role.ASSISTANT, answer.text.toString(),
                NewTurn.Status.PARTIAL, model, answer.request.profile().name(), -1, -1, answer.elapsedMillis(),
                answer.grounding.sources())).id();
    }

    private Turn append(ChatRequest request, NewTurn turn) {
        return store.append(request.owner(), request.sessionId(), turn)
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
    }

    private String model() {
        return settings.modelConfigured() ? settings.model() : "";
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
