package com.researchassistant.chat;

import java.util.List;
import java.util.function.Consumer;

/**
 * Answers a message of a stored conversation: stores it (the {@code meta} event acknowledges it),
 * runs the pipeline over the session's history, and stores whatever answer comes back, complete,
 * partial or a notice. A retry answers the last stored question again instead, without storing it
 * a second time.
 */
public final class ChatService {

    /** The title of a conversation nobody named; its first message names it. */
    public static final String DEFAULT_TITLE = "New conversation";
    /**
     * The newest turns an answer reads of its conversation, however long: the recent turns sent
     * verbatim and the transcript the summary reads (both bounded in characters, together a few
     * dozen turns of ordinary length; 200 turns leave room for short ones) and the older turns
     * semantic memory compares ({@link Grounder#MEMORY_WINDOW}).
     */
    public static final int HISTORY_TURNS = Grounder.MEMORY_WINDOW + 200;

    private final SessionStore store;
    private final Pipeline pipeline;
    private final TitleAgent titles;
    private final String model;

    /**
     * @param titles names a conversation after its first message
     * @param model the synthesis model's id, announced in the {@code meta} event ("" without a model)
     */
    public ChatService(SessionStore store, Pipeline pipeline, TitleAgent titles, String model) {
        this.store = store;
        this.pipeline = pipeline;
        this.titles = titles;
        this.model = model;
    }

    /**
     * Answers {@code request}, emitting {@link ChatEvent}s to {@code sink} in order.
     *
     * @throws SessionNotFound when the session does not exist for the owner
     * @throws ClientGone when the sink reported that the client left; the partial answer is stored
     */
    public void answer(ChatRequest request, Consumer<ChatEvent> sink) {
        SessionWindow session = find(request.owner(), request.sessionId());
        // the steps that need only the message start now and run while the message is stored
        Pipeline.Preparation prepared = pipeline.prepare(new PipelineInput(
                request.owner(),
                session.id(),
                session.turns(),
                request.content(),
                request.profile(),
                "",
                request.scope()));
        try {
            Turn question = append(
                    request.owner(),
                    request.sessionId(),
                    NewTurn.user(request.content(), request.profile().name()));
            boolean unnamed = session.turnCount() == 0 && session.title().equals(DEFAULT_TITLE);
            String title = unnamed ? TitleAgent.byRules(request.content()) : "";
            if (unnamed) {
                store.rename(request.owner(), session.id(), title);
            }
            sink.accept(new ChatEvent.Meta(
                    session.id(), question.id(), request.profile().name(), model));
            Consumer<ChatEvent> events = sink;
            if (unnamed) {
                sink.accept(new ChatEvent.Title(title, ChatEvent.Title.Method.RULES));
                events = new ConversationNaming(
                        sink, titles, store, request.owner(), session.id(), request.content(), title);
            }
            pipeline.run(
                    prepared,
                    events,
                    turn -> append(request.owner(), request.sessionId(), turn).id());
        } finally {
            prepared.cancel(); // stops the steps when the write failed or the client left before the answer
        }
    }

    /**
     * Answers the stored question {@code request.userMessageId()} again, with the same events as
     * {@link #answer}; {@code meta} carries the question's existing id. The pipeline sees the
     * conversation as it was when the question was first asked (the failed attempts left out),
     * and the new answer is stored after them.
     *
     * @throws SessionNotFound when the session does not exist for the owner
     * @throws NotRetryable when the message is not the last question or a complete answer follows it
     * @throws ClientGone when the sink reported that the client left; the partial answer is stored
     */
    public void answerAgain(RetryRequest request, Consumer<ChatEvent> sink) {
        SessionWindow session = find(request.owner(), request.sessionId());
        int at = retryable(session.turns(), request.userMessageId());
        Turn question = session.turns().get(at);
        Pipeline.Preparation prepared = pipeline.prepare(new PipelineInput(
                request.owner(),
                session.id(),
                session.turns().subList(0, at),
                question.body().content(),
                request.profile(),
                "",
                request.scope()));
        try {
            sink.accept(new ChatEvent.Meta(
                    session.id(), question.id(), request.profile().name(), model));
            pipeline.run(
                    prepared,
                    sink,
                    turn -> append(request.owner(), request.sessionId(), turn).id());
        } finally {
            prepared.cancel();
        }
    }

    /**
     * Checks, before anything is streamed, that {@link #answerAgain} would take this message.
     *
     * @throws SessionNotFound when the session does not exist for the owner
     * @throws NotRetryable when it would not
     */
    public void checkRetryable(String owner, String sessionId, String userMessageId) {
        retryable(find(owner, sessionId).turns(), userMessageId);
    }

    /** The position of the question to answer again: the last one, followed by partial answers at most. */
    private static int retryable(List<Turn> turns, String userMessageId) {
        int at = turns.stream().map(Turn::id).toList().indexOf(userMessageId);
        if (at < 0) {
            throw new NotRetryable(NotRetryable.Reason.UNKNOWN_MESSAGE);
        }
        if (turns.get(at).body().role() != NewTurn.Role.USER) {
            throw new NotRetryable(NotRetryable.Reason.NOT_A_QUESTION);
        }
        for (Turn later : turns.subList(at + 1, turns.size())) {
            if (later.body().role() == NewTurn.Role.USER) {
                throw new NotRetryable(NotRetryable.Reason.NOT_THE_LAST_QUESTION);
            }
            if (later.body().status() != NewTurn.Status.PARTIAL) {
                throw new NotRetryable(NotRetryable.Reason.ALREADY_ANSWERED);
            }
        }
        return at;
    }

    /** The window of the session a message reads; the retried question is always inside it. */
    private SessionWindow find(String owner, String sessionId) {
        return store.findRecent(owner, sessionId, HISTORY_TURNS).orElseThrow(() -> new SessionNotFound(sessionId));
    }

    /** The synthesis model announced in {@code meta} events ("" without a model). */
    public String model() {
        return model;
    }

    private Turn append(String owner, String sessionId, NewTurn turn) {
        return store.append(owner, sessionId, turn).orElseThrow(() -> new SessionNotFound(sessionId));
    }
}
