package com.researchassistant.chat;

import com.researchassistant.db.StoreException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes the events of a conversation's first answer on, and names the conversation on the way:
 * once the plan is out (so the title call does not compete with the classification the first
 * token waits for), the model is asked for a title on a virtual thread; the title is stored as
 * soon as it comes, unless the conversation was renamed meanwhile, and a {@link ChatEvent.Title}
 * goes out with the next event. The end of the answer waits for it at most the agent's grace;
 * later, it is stored all the same and the client sees it in the conversation list. Confined to
 * the answering thread, except the title call itself.
 */
final class ConversationNaming implements Consumer<ChatEvent> {

    private static final Logger log = LoggerFactory.getLogger(ConversationNaming.class);

    private final Consumer<ChatEvent> sink;
    private final TitleAgent titles;
    private final SessionStore store;
    private final String owner;
    private final String sessionId;
    private final String question;
    private final String rulesTitle;
    private Optional<FutureTask<Optional<String>>> naming = Optional.empty();
    private boolean told;

    /** @param rulesTitle the title already stored; the model's replaces it only if it is still there */
    ConversationNaming(
            Consumer<ChatEvent> sink,
            TitleAgent titles,
            SessionStore store,
            String owner,
            String sessionId,
            String question,
            String rulesTitle) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.titles = Objects.requireNonNull(titles, "titles");
        this.store = Objects.requireNonNull(store, "store");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.sessionId = Objects.requireNonNull(sessionId, "sessionId");
        this.question = Objects.requireNonNull(question, "question");
        this.rulesTitle = Objects.requireNonNull(rulesTitle, "rulesTitle");
    }

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.Plan plan -> {
                sink.accept(plan);
                start();
            }
            case ChatEvent.Done done -> {
                awaitGrace();
                sink.accept(done);
            }
            case ChatEvent.Failed failed -> {
                awaitGrace();
                sink.accept(failed);
            }
            default -> {
                tellIfNamed();
                sink.accept(event);
            }
        }
    }

    private void start() {
        if (naming.isPresent() || !titles.modelAvailable()) {
            return;
        }
        FutureTask<Optional<String>> task = new FutureTask<>(this::nameByModel);
        Thread.ofVirtual().name("conversation-title").start(task);
        naming = Optional.of(task);
    }

    /** Runs on its own thread: asks the model, and stores the title if nobody renamed the conversation. */
    private Optional<String> nameByModel() {
        Optional<String> title = titles.byModel(question).filter(t -> !t.equals(rulesTitle));
        if (title.isEmpty()) {
            return Optional.empty();
        }
        try {
            boolean untouched = store.find(owner, sessionId)
                    .map(s -> s.title().equals(rulesTitle))
                    .orElse(false);
            if (!untouched) {
                return Optional.empty();
            }
            return store.rename(owner, sessionId, title.get()).map(SessionSummary::title);
        } catch (StoreException e) {
            log.warn("title: could not store the model's title: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void awaitGrace() {
        naming.ifPresent(task -> {
            try {
                task.get(titles.grace().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.debug("title: not ready when the answer ended; stored when it comes");
            } catch (ExecutionException e) {
                log.warn("title: naming failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        tellIfNamed();
    }

    private void tellIfNamed() {
        if (told || naming.isEmpty() || !naming.get().isDone()) {
            return;
        }
        told = true;
        try {
            naming.get()
                    .get()
                    .ifPresent(title -> sink.accept(new ChatEvent.Title(title, ChatEvent.Title.Method.MODEL)));
        } catch (ExecutionException e) {
            log.warn("title: naming failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
