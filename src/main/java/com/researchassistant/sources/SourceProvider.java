package com.researchassistant.sources;

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
     * @throws SourceException when the provider cannot answer (rate limited, unavailable, malformed)
     * @throws InterruptedException when the calling job is cancelled
     */
    List<FoundSource> search(String query, int limit) throws InterruptedException;
}
