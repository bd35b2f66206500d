package com.researchassistant.web;

import com.researchassistant.chat.Assistant;
import com.researchassistant.chat.AssistantRequest;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.Source;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** An {@link Assistant} that replays scripted events and remembers what it was asked. */
final class ScriptedAssistant implements Assistant {

    static final ChatEvent.Meta META = new ChatEvent.Meta("", "", "desktop", "upstream-model");
    static final Source SOURCE = new Source(1, Source.LIBRARY, "doc-1", "Sleep", "p. 3", "Sleep is...", 0.5);
    static final ChatEvent.Done DONE = new ChatEvent.Done("m1", "stop", 12, 3, 5, 9, "");

    private record Script(List<ChatEvent> events, Optional<RuntimeException> crash, boolean hang) {}

    private final AtomicReference<Script> script =
            new AtomicReference<>(new Script(List.of(), Optional.empty(), false));
    private final AtomicReference<AssistantRequest> last = new AtomicReference<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private final CountDownLatch never = new CountDownLatch(1);

    void script(ChatEvent... events) {
        script.set(new Script(List.of(events), Optional.empty(), false));
    }

    /** Emits the events, then throws as a broken pipeline would. */
    void scriptThenThrow(List<ChatEvent> events, RuntimeException crash) {
        script.set(new Script(List.copyOf(events), Optional.of(crash), false));
    }

    /** Emits the events, then stays silent until interrupted, as a model that stalls would. */
    void scriptThenHang(ChatEvent... events) {
        script.set(new Script(List.of(events), Optional.empty(), true));
    }

    /** Whether a hanging answer was interrupted, which is how a departed client aborts it. */
    boolean interrupted() {
        return interrupted.get();
    }

    AssistantRequest lastRequest() {
        return Optional.ofNullable(last.get()).orElseThrow(() -> new AssertionError("the assistant was not asked"));
    }

    int calls() {
        return calls.get();
    }

    @Override
    public void answer(AssistantRequest request, Consumer<ChatEvent> sink) {
        calls.incrementAndGet();
        last.set(request);
        Script current = script.get();
        current.events().forEach(sink);
        if (current.crash().isPresent()) {
            throw current.crash().get();
        }
        if (current.hang()) {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }
    }
}
