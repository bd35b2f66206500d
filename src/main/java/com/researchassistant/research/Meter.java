package com.researchassistant.research;

import com.researchassistant.config.ResearchConfig;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.Usage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one research job has spent of its depth's budget, and what it left out to stay within it.
 * A model call is granted only if its prompt (estimated generously) and its longest answer fit in
 * the tokens left, so the job never goes beyond the budget; the estimate is replaced by the
 * upstream's count afterwards. The wall time keeps a little in reserve for storing the report.
 * Thread-safe: searches and reads run in parallel.
 */
final class Meter {

    /** A call that could answer less than this is not worth making. */
    static final int MIN_COMPLETION_TOKENS = 48;
    /** A call with less time than this left would only time out. */
    static final Duration MIN_CALL_TIME = Duration.ofSeconds(2);

    private static final Duration MAX_RESERVE = Duration.ofSeconds(2);

    /** Which limit refused something. */
    enum Limit {
        MODEL_CALLS,
        TOKENS,
        TIME
    }

    /**
     * What a job spent; carried over in the checkpoint when a job is resumed.
     *
     * @param elapsedMillis wall time of all its runs together
     */
    record Spent(int modelCalls, long promptTokens, long completionTokens, int sourcesRead, long elapsedMillis) {
        static final Spent NONE = new Spent(0, 0, 0, 0, 0);

        long tokens() {
            return promptTokens + completionTokens;
        }
    }

    /** The answer to asking for a model call. */
    sealed interface Allowance permits Grant, Denied {}

    /** A call that may be made with at most {@code completionTokens} of answer. */
    record Grant(int promptTokens, int completionTokens) implements Allowance {}

    record Denied(Limit limit) implements Allowance {}

    private final ResearchConfig.Budget budget;
    private final Clock clock;
    private final Instant start;
    private final Instant deadline;
    private final long elapsedBefore;
    private final Set<String> cuts = new LinkedHashSet<>();
    private final Consumer<String> onCut;
    private final Consumer<Spent> onGrant;
    private int calls;
    private long promptTokens;
    private long completionTokens;
    private long reserved;
    private int read;

    /**
     * @param before what earlier runs of the job spent (a job resumed after a restart)
     * @param earlierCuts what earlier runs left out
     * @param onCut told of each new cut, once
     * @param onGrant told of what is committed (tokens granted counted as spent) after each granted
     *     call, so a checkpoint can count a call that a restart cuts short
     */
    Meter(
            ResearchConfig.Budget budget,
            Clock clock,
            Spent before,
            List<String> earlierCuts,
            Consumer<String> onCut,
            Consumer<Spent> onGrant) {
        this.budget = Objects.requireNonNull(budget, "budget");
        this.onCut = Objects.requireNonNull(onCut, "onCut");
        this.onGrant = Objects.requireNonNull(onGrant, "onGrant");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.start = clock.instant();
        this.elapsedBefore = before.elapsedMillis();
        Duration reserve = budget.wallTime().dividedBy(20).compareTo(MAX_RESERVE) < 0
                ? budget.wallTime().dividedBy(20)
                : MAX_RESERVE;
        this.deadline = start.plus(budget.wallTime())
                .minusMillis(before.elapsedMillis())
                .minus(reserve);
        this.calls = before.modelCalls();
        this.promptTokens = before.promptTokens();
        this.completionTokens = before.completionTokens();
        this.read = before.sourcesRead();
        this.cuts.addAll(earlierCuts);
    }

    ResearchConfig.Budget budget() {
        return budget;
    }

    /** Asks for one model call of this prompt, answering at most {@code wanted} tokens. */
    Allowance modelCall(List<ChatMessage> prompt, int wanted) {
        Allowance allowance;
        Spent committed;
        synchronized (this) {
            allowance = grant(prompt, wanted);
            committed = new Spent(calls, promptTokens + reserved, completionTokens, read, elapsed());
        }
        if (allowance instanceof Grant) {
            onGrant.accept(committed);
        }
        return allowance;
    }

    /** The caller holds the lock. */
    private Allowance grant(List<ChatMessage> prompt, int wanted) {
        if (calls >= budget.modelCalls()) {
            return new Denied(Limit.MODEL_CALLS);
        }
        if (remaining().compareTo(MIN_CALL_TIME) < 0) {
            return new Denied(Limit.TIME);
        }
        int estimate = estimate(prompt);
        long left = budget.tokens() - promptTokens - completionTokens - reserved - estimate;
        long completion = Math.min(wanted, left);
        if (completion < Math.min(wanted, MIN_COMPLETION_TOKENS)) {
            return new Denied(Limit.TOKENS);
        }
        calls++;
        reserved += estimate + completion;
        return new Grant(estimate, (int) completion);
    }

    /**
     * Records what a granted call used: the upstream's counts, or the estimates where it gave none.
     *
     * @param answered the text the call produced, counted when the upstream did not say
     */
    synchronized void settle(Grant grant, Usage usage, String answered) {
        reserved -= grant.promptTokens() + grant.completionTokens();
        promptTokens += usage.promptTokens() >= 0 ? usage.promptTokens() : grant.promptTokens();
        completionTokens += usage.completionTokens() >= 0
                ? usage.completionTokens()
                : Math.min(estimate(answered), grant.completionTokens());
    }

    /** Takes one source read from the budget; false when none is left. */
    synchronized boolean takeRead() {
        if (read >= budget.sourcesRead()) {
            return false;
        }
        read++;
        return true;
    }

    /** Gives back a read that turned out not to happen (the fetch was not even tried). */
    synchronized void returnRead() {
        read--;
    }

    /** The time left before the job must stop working and store what it has. */
    Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    boolean expired() {
        return remaining().isZero();
    }

    /** Notes something left out to stay within the budget; said in the report. */
    void cut(String message) {
        boolean added;
        synchronized (this) {
            added = cuts.add(message);
        }
        if (added) {
            onCut.accept(message);
        }
    }

    synchronized List<String> cuts() {
        return new ArrayList<>(cuts);
    }

    synchronized Spent spent() {
        return new Spent(calls, promptTokens, completionTokens, read, elapsed());
    }

    private long elapsed() {
        return elapsedBefore
                + Math.max(0, Duration.between(start, clock.instant()).toMillis());
    }

    /**
     * A generous guess of a prompt's tokens: a token per three ASCII characters (English runs
     * about four) and one per other character, plus a few per message for the chat template.
     */
    static int estimate(List<ChatMessage> prompt) {
        int tokens = 0;
        for (ChatMessage message : prompt) {
            tokens += 8 + estimate(message.content());
        }
        return tokens;
    }

    static int estimate(String text) {
        int ascii = 0;
        int other = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 128) {
                ascii++;
            } else {
                other++;
            }
        }
        return (ascii + 2) / 3 + other;
    }

    /** How a limit is named in the report. */
    static String describe(Limit limit) {
        return switch (limit) {
            case MODEL_CALLS -> "the model-call budget";
            case TOKENS -> "the token budget";
            case TIME -> "the time budget";
        };
    }
}
