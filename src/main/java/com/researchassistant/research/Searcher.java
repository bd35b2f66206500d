package com.researchassistant.research;

import com.researchassistant.chat.PassageSearch;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.sources.FoundSource;
import com.researchassistant.sources.SourceException;
import com.researchassistant.sources.SourceProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step 2, search: every sub-question in the person's library and in each chosen provider, in
 * parallel under the job's concurrency cap. A provider that fails is recorded (event and trace)
 * and not asked again by this job; the others go on without it.
 */
final class Searcher {

    /** The library is asked for more passages than documents are wanted: several may share one. */
    private static final int PASSAGES_PER_DOCUMENT = 2;

    private static final int LIBRARY_MAX_K = 50;

    /** What the searches found, before deduplication; {@code unreachable} maps a provider to why. */
    record Found(List<ReportSource> sources, Map<String, String> unreachable, TraceStep step) {
        Found {
            sources = List.copyOf(sources);
            unreachable = Map.copyOf(unreachable);
        }
    }

    /** Which sources to search. */
    record Scope(boolean library, List<SourceProvider> providers) {
        Scope {
            providers = List.copyOf(providers);
        }
    }

    private final PassageSearch library;
    private final Parallel parallel;
    private final Clock clock;

    Searcher(PassageSearch library, Parallel parallel, Clock clock) {
        this.library = library;
        this.parallel = parallel;
        this.clock = clock;
    }

    Found search(String owner, List<String> queries, Scope scope, Meter meter, Events events)
            throws InterruptedException {
        Instant start = clock.instant();
        int limit = meter.budget().resultsPerSearch();
        Map<String, String> unreachable = new ConcurrentHashMap<>();
        List<Callable<List<ReportSource>>> tasks = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            int index = i;
            String query = queries.get(i);
            if (scope.library()) {
                labels.add("library");
                tasks.add(() -> library(owner, query, index, limit));
            }
            for (SourceProvider provider : scope.providers()) {
                labels.add(provider.id());
                tasks.add(() -> provider(provider, query, index, limit, meter, unreachable, events));
            }
        }
        List<Parallel.Outcome<List<ReportSource>>> outcomes = parallel.run(tasks, meter::remaining);
        List<ReportSource> found = new ArrayList<>();
        int perQuery = tasks.size() / Math.max(1, queries.size());
        for (int q = 0; q < queries.size(); q++) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int t = q * perQuery; t < (q + 1) * perQuery; t++) {
                List<ReportSource> got = collect(outcomes.get(t), labels.get(t), unreachable, meter, events);
                counts.merge(labels.get(t), got.size(), Integer::sum);
                found.addAll(got);
            }
            events.searched(q, queries.get(q), counts, found.size());
        }
        return new Found(found, unreachable, step(start, found.size(), tasks.size(), unreachable));
    }

    private List<ReportSource> library(String owner, String query, int index, int limit) {
        List<ScoredPassage> passages =
                library.search(owner, query, Math.min(limit * PASSAGES_PER_DOCUMENT, LIBRARY_MAX_K));
        Map<String, List<ScoredPassage>> byDocument = new LinkedHashMap<>();
        passages.forEach(p -> byDocument
                .computeIfAbsent(p.passage().documentId(), id -> new ArrayList<>())
                .add(p));
        List<ReportSource> sources = new ArrayList<>();
        byDocument.forEach((id, hits) -> {
            StringBuilder text = new StringBuilder();
            hits.forEach(hit -> text.append(text.isEmpty() ? "" : "\n\n")
                    .append(hit.passage().text()));
            sources.add(ReportSource.library(
                    id,
                    hits.getFirst().passage().documentTitle(),
                    text.toString(),
                    index,
                    hits.getFirst().score()));
        });
        return sources.size() > limit ? sources.subList(0, limit) : sources;
    }

    private static List<ReportSource> provider(
            SourceProvider provider,
            String query,
            int index,
            int limit,
            Meter meter,
            Map<String, String> unreachable,
            Events events)
            throws InterruptedException {
        if (unreachable.containsKey(provider.id())) {
            return List.of(); // failed for another sub-question: not asked again
        }
        try {
            return provider.search(query, limit, meter.remaining()).stream()
                    .limit(limit)
                    .map(f -> fromProvider(f, index))
                    .toList();
        } catch (SourceException e) {
            String kind = e.kind().name().toLowerCase(Locale.ROOT);
            if (unreachable.putIfAbsent(provider.id(), kind) == null) {
                events.unreachable(provider.id(), kind);
            }
            return List.of();
        }
    }

    private static ReportSource fromProvider(FoundSource found, int index) {
        return ReportSource.found(found, index);
    }

    private static List<ReportSource> collect(
            Parallel.Outcome<List<ReportSource>> outcome,
            String label,
            Map<String, String> unreachable,
            Meter meter,
            Events events) {
        return switch (outcome) {
            case Parallel.Done<List<ReportSource>> done -> done.value();
            case Parallel.TimedOut<List<ReportSource>> timedOut -> {
                meter.cut("Some searches did not finish within the time budget.");
                yield List.of();
            }
            case Parallel.Failed<List<ReportSource>> failed -> {
                // a provider breaking its contract, or the library's store failing: the job goes on without it
                if (unreachable.putIfAbsent(label, "error") == null) {
                    events.unreachable(label, "error");
                }
                yield List.of();
            }
        };
    }

    private TraceStep step(Instant start, int found, int searches, Map<String, String> unreachable) {
        Duration took = Duration.between(start, clock.instant());
        String detail = found + " results from " + searches + " searches"
                + (unreachable.isEmpty()
                        ? ""
                        : "; unreachable: "
                                + String.join(
                                        ", ",
                                        unreachable.keySet().stream()
                                                .sorted()
                                                .map(id -> id + " (" + unreachable.get(id) + ")")
                                                .toList()));
        TraceStep.Outcome outcome = found == 0 && !unreachable.isEmpty()
                ? TraceStep.Outcome.FAILED
                : searches == 0 ? TraceStep.Outcome.SKIPPED : TraceStep.Outcome.OK;
        return TraceStep.withoutModel("search", took, outcome, detail);
    }
}
