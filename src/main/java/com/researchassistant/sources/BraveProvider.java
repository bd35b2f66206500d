package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.config.Secret;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Brave's Web Search API ({@code GET /web/search?q=}), keyed by the {@code X-Subscription-Token} header. */
final class BraveProvider implements SourceProvider {

    static final String ID = "brave";
    private static final int MAX_COUNT = 20;

    private final URI base;
    private final Secret key;
    private final ProviderHttp http;

    BraveProvider(URI base, Secret key, ProviderHttp http) {
        this.base = base;
        this.key = key;
        this.http = http;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<FoundSource> search(String query, int limit, Duration budget) throws InterruptedException {
        String q = SearchArgs.query(query, limit);
        Deadline deadline = http.deadline(budget);
        URI uri = Links.query(base, "/web/search", "q", q, "count", String.valueOf(Math.min(limit, MAX_COUNT)));
        JsonNode answer =
                http.json(http.request(uri, "application/json").header("X-Subscription-Token", key.value()), deadline);
        if (answer.path("web").isMissingNode() && answer.has("query")) {
            return List.of(); // no web results at all: Brave leaves the section out
        }
        JsonNode results = Json.list(answer.path("web").path("results"), "web results", http);
        return SearchArgs.upTo(limit, results, result -> WebResult.read(ID, result, "description", "page_age"));
    }
}
