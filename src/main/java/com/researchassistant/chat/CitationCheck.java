package com.researchassistant.chat;

import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.verify.CheckLimits;
import com.researchassistant.verify.CitedPassage;
import com.researchassistant.verify.ClaimPrefetch;
import com.researchassistant.verify.ClaimVerifier;
import com.researchassistant.verify.Verdict;
import com.researchassistant.verify.Verification;
import com.researchassistant.verify.VerifiedText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The citation check of one answer. While the answer streams, each token that may end a sentence
 * hands the text so far to a prefetch on its own thread (one run at a time; texts that arrive
 * meanwhile collapse into the latest), which embeds the finished cited sentences and the passages
 * they cite. {@link #finish} then waits for that run within the budget and checks the whole answer
 * with what is left of it. Never fails an answer: a failing embedder leaves it unchecked.
 */
final class CitationCheck {

    static final String STEP = "citations";
    private static final Logger log = LoggerFactory.getLogger(CitationCheck.class);
    /** The most cited sentences one answer has checked. */
    private static final int MAX_CLAIMS = CheckLimits.ANSWER.maxClaims();

    private final ClaimVerifier verifier;
    private final List<CitedPassage> sources;
    private final ClaimPrefetch prefetch;
    private final ExecutorService executor;
    private final Duration budget;
    private final Clock clock;
    private final AtomicReference<String> pending = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Future<?> worker = CompletableFuture.completedFuture(null);

    /** @param budget the longest {@link #finish} may take; zero turns the check off */
    CitationCheck(ClaimVerifier verifier, Grounding grounding, ExecutorService executor, Duration budget, Clock clock) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.sources = grounding.items().stream()
                .map(i -> new CitedPassage(i.source().number(), i.text()))
                .toList();
        this.prefetch = verifier.prefetch(sources);
        this.executor = Objects.requireNonNull(executor, "executor");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Called with each token; {@code soFar} gives the whole text, read only when the token may end a sentence. */
    void written(String token, Supplier<String> soFar) {
        if (budget.isZero() || sources.isEmpty() || !mayEndSentence(token)) {
            return;
        }
        pending.set(soFar.get());
        if (running.compareAndSet(false, true)) {
            try {
                worker = executor.submit(this::drain);
            } catch (RejectedExecutionException e) {
                running.set(false); // shutting down: the check at the end embeds what it needs
            }
        }
    }

    private static boolean mayEndSentence(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.' || c == '!' || c == '?' || c == '\n' || c == ']') {
                return true;
            }
        }
        return false;
    }

    private void drain() {
        do {
            try {
                for (String text = pending.getAndSet(null); text != null; text = pending.getAndSet(null)) {
                    prefetch.accept(text);
                }
            } catch (RuntimeException e) {
                log.debug("citation prefetch failed; the check at the end embeds instead: {}", e.toString());
            } finally {
                running.set(false);
            }
        } while (pending.get() != null && running.compareAndSet(false, true));
    }

    /**
     * Checks the complete answer {@code text}: its text without markers naming no source, and
     * the verdicts, with the trace step; the text unchanged and no verdicts when the check is off,
     * failed, or the answer had neither sources nor markers (then the step is {@code SKIPPED}).
     */
    StepResult<VerifiedText> finish(String text) {
        Instant started = clock.instant();
        VerifiedText unchecked = new VerifiedText(text, Verification.NONE);
        if (budget.isZero()) {
            return new StepResult<>(unchecked, step(started, Outcome.SKIPPED, "check turned off"));
        }
        pending.set(null);
        awaitPrefetch(started);
        Duration left = budget.minus(Duration.between(started, clock.instant()));
        VerifiedText checked;
        try {
            Duration rest = left.isNegative() ? Duration.ZERO : left;
            checked = verifier.verify(text, sources, new CheckLimits(MAX_CLAIMS, rest));
        } catch (RuntimeException e) {
            log.warn("citation check failed; the answer is stored unchecked: {}", e.toString());
            return new StepResult<>(
                    unchecked, step(started, Outcome.FAILED, e.getClass().getSimpleName()));
        }
        Verification v = checked.verification();
        if (!v.present()) {
            return new StepResult<>(checked, step(started, Outcome.SKIPPED, "nothing cited"));
        }
        return new StepResult<>(checked, step(started, Outcome.OK, describe(v)));
    }

    /** Stops the prefetch; for answers that are not checked (stopped, failed). */
    void cancel() {
        pending.set(null);
        worker.cancel(true);
    }

    private void awaitPrefetch(Instant started) {
        try {
            worker.get(
                    Math.max(
                            0,
                            budget.toNanos()
                                    - Duration.between(started, clock.instant()).toNanos()),
                    TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.debug("citation prefetch not done within the budget: {}", e.toString());
        } catch (InterruptedException e) {
            // the client left; the answer is complete and is still checked and stored
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Verification v) {
        StringBuilder s = new StringBuilder(v.claims().size() + " sentences checked: ")
                .append(v.count(Verdict.SUPPORTED))
                .append(" supported, ")
                .append(v.count(Verdict.WEAK))
                .append(" weak, ")
                .append(v.count(Verdict.UNSUPPORTED))
                .append(" unsupported");
        if (v.unchecked() > 0) {
            s.append("; ").append(v.unchecked()).append(" left unchecked (time)");
        }
        if (!v.removed().isEmpty()) {
            s.append("; ").append(v.removed().size()).append(" citation markers naming no source removed");
        }
        return s.toString();
    }

    private TraceStep step(Instant started, Outcome outcome, String detail) {
        return TraceStep.withoutModel(STEP, Duration.between(started, clock.instant()), outcome, detail);
    }
}
