package com.researchassistant.chat;

import java.util.function.Consumer;

/**
 * Answers a message of a stored conversation: stores it (the {@code meta} event acknowledges it),
 * runs the pipeline over the session's history, and stores whatever answer comes back, complete,
 * partial or a notice.
 */
public final class ChatService {

    /** The title of a conversation nobody named; its first message names it. */
    public static final String DEFAULT_TITLE = "New conversation";
    private static final int AUTO_TITLE_CHARS = 60;
    /**
     * The newest turns an answer reads of its conversation, however long: the recent turns sent
     * verbatim and the transcript the summary reads (both bounded in characters, together a few
     * dozen turns of ordinary length; 200 turns leave room for short ones) and the older turns
     * semantic memory compares ({@link Grounder#MEMORY_WINDOW}).
     */
    public static final int HISTORY_TURNS = Grounder.MEMORY_WINDOW + 200;

    private final SessionStore store;
    private final Pipeline pipeline;
    private final String model;

    /**
     * @param model the synthesis model's id, announced in the {@code meta} event ("" without a model)
     */
    public ChatService(SessionStore store, Pipeline pipeline, String model) {
        this.store = store;
        this.pipeline = pipeline;
        this.model = model;
    }

    /**
     * Answers {@code request}, emitting {@link ChatEvent}s to {@code sink} in order.
     *
     * @throws SessionNotFound when the session does not exist for the owner
     * @throws ClientGone when the sink reported that the client left; the partial answer is stored
     */
    public void answer(ChatRequest request, Consumer<ChatEvent> sink) {
        SessionWindow session = store.findRecent(request.owner(), request.sessionId(), HISTORY_TURNS)
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
        // the steps that need only the message start now and run while the message is stored
        Pipeline.Preparation prepared = pipeline.prepare(new PipelineInput(request.owner(), session.id(),
                session.turns(), request.content(), request.profile(), ""));
        try {
            Turn question = append(request, NewTurn.user(request.content(), request.profile().name()));
            if (session.turnCount() == 0 && session.title().equals(DEFAULT_TITLE)) {
                store.rename(request.owner(), session.id(), titleFrom(request.content()));
            }
            sink.accept(new ChatEvent.Meta(session.id(), question.id(), request.profile().name(), model));
            pipeline.run(prepared, sink, turn -> append(request, turn).id());
        } finally {
            prepared.cancel(); // stops the steps when the write failed or the client left before the answer
        }
    }

    /**
     * A title for a conversation opened by {@code message}: its first line, cut at a word boundary
     * near {@value #AUTO_TITLE_CHARS} characters.
     */
    static String titleFrom(String message) {
        String line = message.strip().lines().findFirst().orElse("").strip().replaceAll("\\s+", " ");
        if (line.length() <= AUTO_TITLE_CHARS) {
            return line.isEmpty() ? DEFAULT_TITLE : line;
        }
        int cut = line.lastIndexOf(' ', AUTO_TITLE_CHARS);
        if (cut < AUTO_TITLE_CHARS / 2) {
            cut = Character.isHighSurrogate(line.charAt(AUTO_TITLE_CHARS - 1)) ? AUTO_TITLE_CHARS - 1 : AUTO_TITLE_CHARS;
        }
        return line.substring(0, cut).strip() + "…";
    }

    /** The synthesis model announced in {@code meta} events ("" without a model). */
    public String model() {
        return model;
    }

    private Turn append(ChatRequest request, NewTurn turn) {
        return store.append(request.owner(), request.sessionId(), turn)
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
    }
}
