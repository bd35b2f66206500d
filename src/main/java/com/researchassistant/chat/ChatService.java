package com.researchassistant.chat;

import com.researchassistant.session.NewTurn;
import com.researchassistant.session.Session;
import com.researchassistant.session.SessionStore;
import com.researchassistant.session.Turn;
import java.util.function.Consumer;

/**
 * Answers a message of a stored conversation: stores it (the {@code meta} event acknowledges it),
 * runs the pipeline over the session's history, and stores whatever answer comes back, complete,
 * partial or a notice.
 */
public final class ChatService {

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
        Session session = store.find(request.owner(), request.sessionId())
                .orElseThrow(() -> new SessionNotFound(request.sessionId()));
        Turn question = append(request, NewTurn.user(request.content(), request.profile().name()));
        sink.accept(new ChatEvent.Meta(session.id(), question.id(), request.profile().name(), model));
        pipeline.run(new PipelineInput(request.owner(), session.id(), session.turns(), request.content(),
                request.profile(), ""), sink, turn -> append(request, turn).id());
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
