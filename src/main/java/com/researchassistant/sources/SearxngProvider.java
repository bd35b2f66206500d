package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A SearXNG instance's JSON API ({@code GET /search?q=&format=json}); the instance must list
 * {@code json} under {@code search.formats}, else it answers 403 (a refusal).
 */
final class SearxngProvider implements SourceProvider {

    static final String ID = "searxng";

    private final URI base;
    private final ProviderHttp http;

    SearxngProvider(URI base, ProviderHttp http) {
        this.base = base;
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
        URI uri = Links.query(base, "/search", "q", q, "format", "json", "pageno", "1");
        JsonNode results = Json.list(
                http.json(http.request(uri, "application/json"), deadline).path("results"), "results", http);
        return SearchArgs.upTo(limit, results, result -> WebResult.read(ID, result, "content", "publishedDate"));
    }
}
