package com.researchassistant.sources;

import com.researchassistant.config.SourcesConfig;
import com.researchassistant.config.SourcesConfig.Endpoints;
import com.researchassistant.config.SourcesConfig.Keys;
import com.researchassistant.time.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The sources a research job searches, built once per process from {@link SourcesConfig}: the
 * enabled providers in the order {@code RA_RESEARCH_SOURCES} gives them, whether the person's own
 * library is one of them, and the DOI lookup (Crossref's, when Crossref is on). Each provider has
 * its own rate limiter, so every job of the process shares it: build this once and hand it around.
 *
 * @param providers the enabled outside sources ({@code library} is not one: the job searches it)
 * @param library whether {@code library} is enabled
 */
public record Sources(List<SourceProvider> providers, boolean library, Optional<DoiLookup> doiLookup) {

    public Sources {
        providers = List.copyOf(providers);
        Objects.requireNonNull(doiLookup, "doiLookup");
    }

    /** The production sources, calling the configured services over HTTP. */
    public static Sources fromConfig(SourcesConfig config, Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER) // a provider's answer leads nowhere else
                .build();
        return fromConfig(config, clock, http, Sleeper.REAL);
    }

    static Sources fromConfig(SourcesConfig config, Clock clock, HttpClient http, Sleeper sleeper) {
        CallPolicy policy = CallPolicy.of(config);
        Endpoints at = config.endpoints();
        Keys keys = config.keys();
        List<SourceProvider> providers = new ArrayList<>();
        Optional<DoiLookup> lookup = Optional.empty();
        for (String id : config.enabled()) {
            if (id.equals("library")) {
                continue;
            }
            ProviderHttp calls = new ProviderHttp(id, http, limiter(id, keys, clock), policy, clock, sleeper);
            SourceProvider provider = switch (id) {
                case OpenAlexProvider.ID ->
                    new OpenAlexProvider(at.openAlex(), config.mailto(), keys.openAlex(), calls);
                case ArxivProvider.ID -> new ArxivProvider(at.arxiv(), calls);
                case PubMedProvider.ID -> new PubMedProvider(at.pubmed(), config.mailto(), keys.ncbi(), calls);
                case CrossrefProvider.ID -> new CrossrefProvider(at.crossref(), config.mailto(), calls);
                case SemanticScholarProvider.ID ->
                    new SemanticScholarProvider(at.semanticScholar(), keys.semanticScholar(), calls);
                case SearxngProvider.ID -> new SearxngProvider(required(at.searxng(), id), calls);
                case BraveProvider.ID -> new BraveProvider(at.brave(), required(keys.brave(), id), calls);
                case TavilyProvider.ID -> new TavilyProvider(at.tavily(), required(keys.tavily(), id), calls);
                default -> throw new IllegalArgumentException("no provider for source " + id);
            };
            if (provider instanceof DoiLookup doiLookup) {
                lookup = Optional.of(doiLookup);
            }
            providers.add(provider);
        }
        return new Sources(providers, config.isEnabled("library"), lookup);
    }

    /** The enabled provider with this id. */
    public Optional<SourceProvider> provider(String id) {
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * Each provider's documented limit, kept a little under: arXiv one call every 3 s; NCBI 3 a
     * second (10 with a key); Semantic Scholar and Brave's free plan 1 a second; Crossref's public
     * pool 5; OpenAlex 10, kept at 5; Tavily about 100 a minute; a SearXNG instance, 5.
     */
    static RateLimiter limiter(String id, Keys keys, Clock clock) {
        return switch (id) {
            case ArxivProvider.ID -> new RateLimiter(Duration.ofSeconds(3), 1, clock);
            case PubMedProvider.ID ->
                keys.ncbi().isPresent() ? RateLimiter.perSecond(10, 2, clock) : RateLimiter.perSecond(3, 1, clock);
            case SemanticScholarProvider.ID, BraveProvider.ID -> RateLimiter.perSecond(1, 1, clock);
            case TavilyProvider.ID -> RateLimiter.perSecond(1.5, 2, clock);
            default -> RateLimiter.perSecond(5, 2, clock);
        };
    }

    private static <T> T required(Optional<T> setting, String id) {
        return setting.orElseThrow(() -> new IllegalArgumentException(id + " is enabled but not configured"));
    }
}
