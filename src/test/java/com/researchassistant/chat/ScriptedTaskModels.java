package com.researchassistant.chat;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A {@link TaskModels} that replays scripted answers or failures per task, records every call, and
 * can hold a task's calls on a latch to play a model that hangs.
 */
final class ScriptedTaskModels implements TaskModels {

    static final String MODEL = "scripted/model";

    /** One scripted reply: a text, or a failure to throw. */
    private record Reply(String text, LlmException failure, boolean fallbackUsed) {}

    /** A recorded call. */
    record Call(Task task, List<ChatMessage> messages) {}

    private final boolean available;
    private final Map<Task, Queue<Reply>> replies = new EnumMap<>(Task.class);
    private final Map<Task, CountDownLatch> gates = new EnumMap<>(Task.class);
    private final List<Call> calls = new ArrayList<>();
    private MutableClock clock;
    private Duration callTime = Duration.ZERO;

    private ScriptedTaskModels(boolean available) {
        this.available = available;
    }

    static ScriptedTaskModels configured() {
        return new ScriptedTaskModels(true);
    }

    static ScriptedTaskModels none() {
        return new ScriptedTaskModels(false);
    }

    synchronized ScriptedTaskModels answer(Task task, String text) {
        replies.computeIfAbsent(task, t -> new ArrayDeque<>()).add(new Reply(text, null, false));
        return this;
    }

    synchronized ScriptedTaskModels answerFromFallback(Task task, String text) {
        replies.computeIfAbsent(task, t -> new ArrayDeque<>()).add(new Reply(text, null, true));
        return this;
    }

    synchronized ScriptedTaskModels fail(Task task, LlmException.Kind kind) {
        LlmException failure = new LlmException.Retryable(kind, 0, "scripted " + kind, null, null);
        replies.computeIfAbsent(task, t -> new ArrayDeque<>()).add(new Reply("", failure, false));
        return this;
    }

    /** Every call moves {@code clock} on by {@code callTime}, as a call that took that long would. */
    synchronized ScriptedTaskModels taking(Duration callTime, MutableClock clock) {
        this.callTime = callTime;
        this.clock = clock;
        return this;
    }

    /** Calls for {@code task} wait on {@code gate} before answering. */
    synchronized ScriptedTaskModels holdOn(Task task, CountDownLatch gate) {
        gates.put(task, gate);
        return this;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized long callsFor(Task task) {
        return calls.stream().filter(c -> c.task() == task).count();
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public Completion complete(Task task, List<ChatMessage> messages, Duration timeout) {
        CountDownLatch gate;
        Reply reply;
        synchronized (this) {
            calls.add(new Call(task, List.copyOf(messages)));
            gate = gates.get(task);
            reply = replies.getOrDefault(task, new ArrayDeque<>()).poll();
            if (clock != null) {
                clock.advance(callTime);
            }
        }
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmException.Retryable(LlmException.Kind.TIMEOUT, 0, "interrupted", null, e);
            }
        }
        if (reply == null) {
            throw new IllegalStateException("no scripted reply left for " + task);
        }
        if (reply.failure() != null) {
            throw reply.failure();
        }
        return new Completion(reply.text(), new Routed(MODEL, reply.fallbackUsed()), new Usage(12, 7));
    }

    @Override
    public Routed stream(
            Task task, List<ChatMessage> messages, int maxTokens, Duration timeout, Consumer<LlmEvent> sink) {
        throw new UnsupportedOperationException("the agents never stream");
    }
}
