package com.researchassistant.research;

import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.LlmEvent;
import com.researchassistant.llm.LlmException;
import com.researchassistant.llm.Task;
import com.researchassistant.llm.TaskModels;
import com.researchassistant.llm.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link TaskModels} for research tests: each streamed call is answered by a function of its
 * prompt, word by word, cut at the call's token limit, with usage counted as a real upstream
 * would (a token per word, the prompt at four characters a token). Records every call; calls
 * matching a predicate can fail, or wait on a latch like a model that hangs.
 */
final class FakeModels implements TaskModels {

    static final String MODEL = "fake/model";
    private static final Pattern WORD = Pattern.compile("\\s*\\S+");

    /** A call as the model received it. */
    record Call(List<ChatMessage> messages, int maxTokens, Duration timeout) {
        String system() {
            return messages.getFirst().content();
        }

        String user() {
            return messages.getLast().content();
        }
    }

    private final boolean available;
    private final Function<Call, String> replies;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Predicate<Call> failing = call -> false;
    private volatile Predicate<Call> held = call -> false;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch reached = new CountDownLatch(1);
    private volatile int heldAfter;

    private FakeModels(boolean available, Function<Call, String> replies) {
        this.available = available;
        this.replies = replies;
    }

    static FakeModels answering(Function<Call, String> replies) {
        return new FakeModels(true, replies);
    }

    /** Plans three sub-questions, then writes two cited paragraphs per section. */
    static FakeModels researcher() {
        return answering(FakeModels::typical);
    }

    static FakeModels none() {
        return new FakeModels(false, call -> "");
    }

    static String typical(Call call) {
        if (call.system().startsWith("You plan research")) {
            return "{\"subQuestions\": [\"How does sleep affect memory consolidation?\","
                    + " \"Which sleep stages matter most for memory?\", \"What do sleep deprivation studies show?\"]}";
        }
        if (call.system().startsWith("You write the closing section")) {
            return "The sources disagree on the role of REM sleep [1]. Long-term studies are missing [2].";
        }
        return "Sleep strengthens new memories [1]. Slow-wave sleep replays them [2].\n\n"
                + "Deprivation impairs recall [1, 2].";
    }

    FakeModels failWhen(Predicate<Call> which) {
        this.failing = which;
        return this;
    }

    /** Calls matching {@code which} wait until {@code release} opens (or they are interrupted). */
    FakeModels holdWhen(Predicate<Call> which, CountDownLatch release) {
        return holdWhen(which, release, 0);
    }

    /** As {@link #holdWhen(Predicate, CountDownLatch)}, after streaming their first {@code words} words. */
    FakeModels holdWhen(Predicate<Call> which, CountDownLatch release, int words) {
        this.held = which;
        this.gate = release;
        this.heldAfter = words;
        this.reached = new CountDownLatch(1);
        return this;
    }

    /** Opens when a held call has arrived. */
    CountDownLatch reachedHold() {
        return reached;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public boolean available() {
        return available;
    }

    @Override
    public Completion complete(Task task, List<ChatMessage> messages, Duration timeout) {
        throw new UnsupportedOperationException("research streams every call");
    }

    @Override
    public Routed stream(
            Task task, List<ChatMessage> messages, int maxTokens, Duration timeout, Consumer<LlmEvent> sink) {
        Call call = new Call(List.copyOf(messages), maxTokens, timeout);
        calls.add(call);
        boolean hold = held.test(call);
        int holdAt = hold ? heldAfter : -1;
        if (holdAt == 0) {
            hold();
        }
        if (failing.test(call)) {
            throw new LlmException.Retryable(LlmException.Kind.UNAVAILABLE, 503, "scripted failure", null, null);
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = WORD.matcher(replies.apply(call));
        while (m.find() && tokens.size() < maxTokens) {
            tokens.add(m.group());
        }
        for (int i = 0; i < tokens.size(); i++) {
            if (i == holdAt && i > 0) {
                hold();
            }
            sink.accept(new LlmEvent.Token(tokens.get(i)));
        }
        int prompt = messages.stream()
                .mapToInt(message -> message.content().length() / 4 + 4)
                .sum();
        sink.accept(
                new LlmEvent.Finished(tokens.size() < maxTokens ? "stop" : "length", new Usage(prompt, tokens.size())));
        return new Routed(MODEL, false);
    }

    private void hold() {
        reached.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException.NonRetryable(LlmException.Kind.NETWORK, 0, "interrupted", e);
        }
    }
}
