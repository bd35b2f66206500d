package com.researchassistant.sources;

import java.time.Duration;
import java.util.List;

/**
 * A place to search for sources a person does not have yet: a scholarly index (OpenAlex, arXiv,
 * PubMed, Crossref, Semantic Scholar) or a web search engine (SearXNG, keyed providers). Each has a
 * real HTTP implementation and a fake for tests. Implementations are thread-safe, honour the
 * provider's rate limits and {@code Retry-After}, and never log keys.
 */
public interface SourceProvider {

    /** The provider's stable id, as in {@code RA_RESEARCH_SOURCES}: "openalex", "arxiv", ... */
    String id();

    /**
     * Up to {@code limit} sources for {@code query}, best first by the provider's own ranking.
     *
     * @param budget the most the call may take, waits for the rate limit and retries included (the
     *     provider also keeps to its own {@code RA_SOURCE_TIMEOUT}); a wait the budget cannot hold
     *     is not started: the call fails at once with {@link SourceException.Kind#RATE_LIMITED}
     * @throws SourceException when the provider cannot answer (rate limited, unavailable, malformed)
     * @throws IllegalArgumentException for a blank query or a limit below 1
     * @throws InterruptedException when the calling job is cancelled
     */
    List<FoundSource> search(String query, int limit, Duration budget) throws InterruptedException;
}
