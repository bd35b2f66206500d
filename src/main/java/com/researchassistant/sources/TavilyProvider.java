package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.config.Secret;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/** Tavily's search API ({@code POST /search} with a JSON body), keyed by a Bearer token. */
final class TavilyProvider implements SourceProvider {

    static final String ID = "tavily";
    private static final int MAX_RESULTS = 20;

    private final URI base;
    private final Secret key;
    private final ProviderHttp http;

    TavilyProvider(URI base, Secret key, ProviderHttp http) {
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
        ObjectNode body = Json.MAPPER
                .createObjectNode()
                .put("query", q)
                .put("max_results", Math.min(limit, MAX_RESULTS))
                .put("search_depth", "basic")
                .put("include_answer", false)
                .put("include_raw_content", false);
        HttpRequest.Builder request = http.request(Links.query(base, "/search"), "application/json")
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key.value())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        JsonNode results = Json.list(http.json(request, deadline).path("results"), "results", http);
        return SearchArgs.upTo(limit, results, result -> WebResult.read(ID, result, "content", "published_date"));
    }
}
