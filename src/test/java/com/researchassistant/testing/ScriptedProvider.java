package com.researchassistant.testing;

import com.researchassistant.sources.FoundSource;
import com.researchassistant.sources.SourceException;
import com.researchassistant.sources.SourceProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link SourceProvider} for research tests, answering from a function of the query, or failing every call with
 * one {@link SourceException.Kind}; it records the queries and the most searches it ran at once.
 */
public final class ScriptedProvider implements SourceProvider {

    private final String id;
    private final Function<String, List<FoundSource>> results;
    private final Optional<SourceException.Kind> failure;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    private ScriptedProvider(
            String id, Function<String, List<FoundSource>> results, Optional<SourceException.Kind> failure) {
        this.id = id;
        this.results = results;
        this.failure = failure;
    }

    public static ScriptedProvider answering(String id, Function<String, List<FoundSource>> results) {
        return new ScriptedProvider(id, results, Optional.empty());
    }

    public static ScriptedProvider failing(String id, SourceException.Kind kind) {
        return new ScriptedProvider(id, query -> List.of(), Optional.of(kind));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<FoundSource> search(String query, int limit, Duration budget) throws InterruptedException {
        queries.add(query);
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        try {
            if (failure.isPresent()) {
                throw new SourceException(id, failure.get(), "scripted " + failure.get(), Optional.empty(), null);
            }
            return results.apply(query);
        } finally {
            running.decrementAndGet();
        }
    }

    public List<String> queries() {
        return List.copyOf(queries);
    }

    public int mostAtOnce() {
        return mostAtOnce.get();
    }
}
