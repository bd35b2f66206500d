package com.researchassistant.testing;

import com.researchassistant.llm.LlmClient;
import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.LlmRequest;
import com.researchassistant.llm.LlmResponse;
import com.researchassistant.llm.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An {@link LlmClient} that replays scripted answers and records the requests it got. Streamed
 * calls take the next {@link #enqueue enqueued} script; non-streamed calls (classification,
 * summaries, safety reviews) take the next {@link #enqueueCompletion completion script}, or fail
 * as unavailable when none is queued, so the agents fall back to their rules.
 */
public final class FakeLlmClient implements LlmClient {

    /** One scripted answer: tokens, then either a normal finish or a failure. */
    public record Script(List<String> tokens, Optional<LlmException> failure) {
        public Script {
            tokens = List.copyOf(tokens);
        }

        public static Script answer(String... tokens) {
            return new Script(List.of(tokens), Optional.empty());
        }

        public static Script failAfter(LlmException failure, String... tokens) {
            return new Script(List.of(tokens), Optional.of(failure));
        }
    }

    private final Queue<Script> scripts = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Script>> completions = new ConcurrentHashMap<>();
    private final List<LlmRequest> requests = new CopyOnWriteArrayList<>();
    private final List<LlmRequest> streamed = new CopyOnWriteArrayList<>();

    public FakeLlmClient enqueue(Script script) {
        scripts.add(script);
        return this;
    }

    /** Scripts the next non-streamed answer of {@code model} (tasks run side by side, so each has its own queue). */
    public FakeLlmClient enqueueCompletion(String model, Script script) {
        completions.computeIfAbsent(model, m -> new ConcurrentLinkedQueue<>()).add(script);
        return this;
    }

    /** The streamed (synthesis) requests. */
    public List<LlmRequest> streamed() {
        return List.copyOf(streamed);
    }

    public List<LlmRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void stream(LlmRequest request, Consumer<LlmEvent> sink) {
        requests.add(request);
        streamed.add(request);
        Script script = next();
        for (String token : script.tokens()) {
            sink.accept(new LlmEvent.Token(token));
        }
        if (script.failure().isPresent()) {
            throw script.failure().get();
        }
        sink.accept(new LlmEvent.Finished("stop", new Usage(10, script.tokens().size())));
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        requests.add(request);
        Queue<Script> queue = completions.get(request.model());
        Script script = queue == null ? null : queue.poll();
        if (script == null) {
            throw new LlmException.Retryable(LlmException.Kind.UNAVAILABLE, 503, "not scripted", null, null);
        }
        if (script.failure().isPresent()) {
            throw script.failure().get();
        }
        return new LlmResponse(
                String.join("", script.tokens()),
                "stop",
                new Usage(10, script.tokens().size()));
    }

    private Script next() {
        Script script = scripts.poll();
        if (script == null) {
            throw new AssertionError("FakeLlmClient got a request nobody scripted");
        }
        return script;
    }

    /** The events a sink received, for assertions. */
    public static <T> Consumer<T> collectInto(ArrayList<T> events) {
        return events::add;
    }
}
