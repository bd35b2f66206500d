package com.researchassistant.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a research job looks for sources, and how the providers are called.
 *
 * @param enabled the ids of the sources that are on, in the order given ({@link #KNOWN} ids only;
 *     {@code library} is the person's own library, searched by the research job itself)
 * @param mailto a contact address sent to OpenAlex, Crossref and NCBI, which serve callers who give
 *     one from their "polite" pools
 * @param timeout the most one search may take, retries and waits included, when the caller allows more
 * @param maxAttempts tries of one search when a provider answers 429 or 5xx
 * @param initialBackoff the first wait before a retry when the provider did not say how long (doubling)
 * @param maxResponseBytes the largest answer read from a provider
 */
public record SourcesConfig(
        List<String> enabled,
        Endpoints endpoints,
        Keys keys,
        Optional<String> mailto,
        Duration timeout,
        int maxAttempts,
        Duration initialBackoff,
        int maxResponseBytes) {

    /** Every source id {@code RA_RESEARCH_SOURCES} accepts. */
    public static final List<String> KNOWN = List.of(
            "library", "openalex", "arxiv", "pubmed", "crossref", "semanticscholar", "searxng", "brave", "tavily");

    /** What is on when {@code RA_RESEARCH_SOURCES} is unset (plus web search that is configured). */
    public static final List<String> DEFAULT = List.of("library", "openalex", "arxiv", "pubmed", "crossref");

    public SourcesConfig {
        enabled = List.copyOf(enabled);
        for (String id : enabled) {
            if (!KNOWN.contains(id)) {
                throw new IllegalArgumentException("unknown source: " + id);
            }
        }
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(mailto, "mailto");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (maxAttempts < 1 || maxResponseBytes < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts and maxResponseBytes must be positive: " + maxAttempts + ", " + maxResponseBytes);
        }
    }

    public boolean isEnabled(String id) {
        return enabled.contains(id);
    }

    /**
     * Base URLs of the providers; each defaults to the public service, so a mirror or a test fake
     * can stand in.
     *
     * @param searxng the SearXNG instance; empty means no SearXNG
     */
    public record Endpoints(
            URI openAlex,
            URI arxiv,
            URI pubmed,
            URI crossref,
            URI semanticScholar,
            Optional<URI> searxng,
            URI brave,
            URI tavily) {

        public static final URI OPENALEX = URI.create("https://api.openalex.org");
        public static final URI ARXIV = URI.create("https://export.arxiv.org/api");
        public static final URI PUBMED = URI.create("https://eutils.ncbi.nlm.nih.gov/entrez/eutils");
        public static final URI CROSSREF = URI.create("https://api.crossref.org");
        public static final URI SEMANTIC_SCHOLAR = URI.create("https://api.semanticscholar.org/graph/v1");
        public static final URI BRAVE = URI.create("https://api.search.brave.com/res/v1");
        public static final URI TAVILY = URI.create("https://api.tavily.com");

        public Endpoints {
            Objects.requireNonNull(openAlex, "openAlex");
            Objects.requireNonNull(arxiv, "arxiv");
            Objects.requireNonNull(pubmed, "pubmed");
            Objects.requireNonNull(crossref, "crossref");
            Objects.requireNonNull(semanticScholar, "semanticScholar");
            Objects.requireNonNull(searxng, "searxng");
            Objects.requireNonNull(brave, "brave");
            Objects.requireNonNull(tavily, "tavily");
        }

        /** The public services, no SearXNG. */
        public static Endpoints publicServices() {
            return new Endpoints(OPENALEX, ARXIV, PUBMED, CROSSREF, SEMANTIC_SCHOLAR, Optional.empty(), BRAVE, TAVILY);
        }
    }

    /**
     * API keys; every one is optional. OpenAlex's lifts its keyless allowance (a handful of searches
     * a day) to about a thousand searches a day; NCBI's raises PubMed's limit from 3 to 10 requests a
     * second; Semantic Scholar's gives a quota of one's own; Brave's and Tavily's turn those on.
     */
    public record Keys(
            Optional<Secret> openAlex,
            Optional<Secret> ncbi,
            Optional<Secret> semanticScholar,
            Optional<Secret> brave,
            Optional<Secret> tavily) {

        public Keys {
            Objects.requireNonNull(openAlex, "openAlex");
            Objects.requireNonNull(ncbi, "ncbi");
            Objects.requireNonNull(semanticScholar, "semanticScholar");
            Objects.requireNonNull(brave, "brave");
            Objects.requireNonNull(tavily, "tavily");
        }

        public static Keys none() {
            return new Keys(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }
}
