package com.researchassistant.testing;

import com.researchassistant.sources.DoiLookup;
import com.researchassistant.sources.FoundSource;
import com.researchassistant.sources.SourceException;
import com.researchassistant.sources.SourceIds;
import com.researchassistant.sources.SourceProvider;
import com.researchassistant.testing.ScholarlyCorpus.Access;
import com.researchassistant.testing.ScholarlyCorpus.Work;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory {@link SourceProvider} (and {@link DoiLookup}) for unit tests: it ranks its sources
 * by the query's words in their title and abstract, records every query, and throws the failures
 * it was told to, in order, before answering again. A budget of zero fails as a real provider
 * does, with {@link SourceException.Kind#TIMEOUT}.
 */
public final class FakeSourceProvider implements SourceProvider, DoiLookup {

    private final String id;
    private final List<FoundSource> sources;
    private final Deque<SourceException> failures = new ArrayDeque<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile SourceException standingFailure;

    public FakeSourceProvider(String id, List<FoundSource> sources) {
        this.id = id;
        this.sources = List.copyOf(sources);
    }

    /**
     * The works of {@link ScholarlyCorpus} that the index {@code id} holds (openalex, crossref,
     * pubmed, arxiv, semanticscholar), with their full-text links on {@code web}'s port; pass the
     * URL of a running {@link FakeScholarlyWeb} so the links can be fetched.
     */
    public static FakeSourceProvider fromCorpus(String id, URI web) {
        return new FakeSourceProvider(
                id,
                ScholarlyCorpus.WORKS.stream()
                        .filter(w -> w.in(id))
                        .map(w -> source(id, w, web))
                        .toList());
    }

    /** One corpus work as a provider would find it. */
    public static FoundSource source(String provider, Work w, URI web) {
        Optional<URI> fullText = w.access() == Access.CLOSED
                ? Optional.empty()
                : Optional.of(URI.create(web + "/oa/" + w.slug() + (w.access() == Access.PDF ? ".pdf" : ".html")));
        return new FoundSource(
                provider,
                w.title(),
                w.authors(),
                OptionalInt.of(w.year()),
                w.venue(),
                w.doi().flatMap(SourceIds::doi),
                w.arxivId(),
                w.pmid(),
                Optional.of(URI.create(web + "/landing/" + w.slug())),
                fullText,
                w.abstractText());
    }

    /** The next search (or lookup) throws {@code failure}. */
    public FakeSourceProvider failNext(SourceException failure) {
        synchronized (failures) {
            failures.add(failure);
        }
        return this;
    }

    /** Every search throws {@code failure} until {@link #recover()}. */
    public FakeSourceProvider failAlways(SourceException failure) {
        standingFailure = failure;
        return this;
    }

    public FakeSourceProvider recover() {
        standingFailure = null;
        synchronized (failures) {
            failures.clear();
        }
        return this;
    }

    /** A failure of the given kind, as this provider would throw it. */
    public SourceException failure(SourceException.Kind kind) {
        return new SourceException(id, kind, "the fake was told to fail", Optional.empty(), null);
    }

    public List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<FoundSource> search(String query, int limit, Duration budget) {
        queries.add(query);
        failIfTold(budget);
        return CorpusSearch.rank(
                query, sources, s -> (s.title() + " " + s.abstractText()).toLowerCase(java.util.Locale.ROOT), limit);
    }

    @Override
    public Optional<FoundSource> lookup(String doi, Duration budget) {
        failIfTold(budget);
        Optional<String> normal = SourceIds.doi(doi);
        return sources.stream()
                .filter(s -> s.doi().isPresent() && s.doi().equals(normal))
                .findFirst();
    }

    private void failIfTold(Duration budget) {
        SourceException standing = standingFailure;
        if (standing != null) {
            throw standing;
        }
        synchronized (failures) {
            if (!failures.isEmpty()) {
                throw failures.poll();
            }
        }
        if (budget.isZero() || budget.isNegative()) {
            throw new SourceException(id, SourceException.Kind.TIMEOUT, "no time left", Optional.empty(), null);
        }
    }
}
