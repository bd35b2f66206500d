package com.researchassistant.research;

import com.researchassistant.fetch.FetchException;
import com.researchassistant.fetch.Fetcher;
import com.researchassistant.sources.SourceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where research jobs search and how they fetch what they find: the enabled providers (in the
 * order {@code RA_RESEARCH_SOURCES} gives them), whether the person's library is searched, and the
 * SSRF-guarded fetcher. This is where the providers and the fetcher built from the sources
 * configuration are handed to research.
 */
public record ResearchSources(List<SourceProvider> providers, boolean library, Fetcher fetcher) {

    public static final String LIBRARY = "library";

    public ResearchSources {
        providers = List.copyOf(providers);
        Objects.requireNonNull(fetcher, "fetcher");
    }

    /** The person's library alone, fetching nothing: research without outside sources. */
    public static ResearchSources libraryOnly() {
        return new ResearchSources(List.of(), true, (url, budget) -> {
            throw new FetchException(FetchException.Kind.UNREACHABLE, "no fetcher is configured", null);
        });
    }

    /** The ids a request may name in {@code sources}: "library" (when on), then each provider's. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (library) {
            ids.add(LIBRARY);
        }
        providers.forEach(provider -> ids.add(provider.id()));
        return List.copyOf(ids);
    }
}
