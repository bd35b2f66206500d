package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.config.Secret;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Semantic Scholar's Graph API paper search ({@code GET /paper/search?query=}). A key (header
 * {@code x-api-key}) gives a quota of one's own; without one the calls share a small public pool
 * and 429s are common.
 */
final class SemanticScholarProvider implements SourceProvider {

    static final String ID = "semanticscholar";
    private static final String FIELDS = "title,authors,year,venue,journal,externalIds,url,openAccessPdf,abstract";

    private final URI base;
    private final Optional<Secret> key;
    private final ProviderHttp http;

    SemanticScholarProvider(URI base, Optional<Secret> key, ProviderHttp http) {
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
        URI uri = Links.query(
                base, "/paper/search", "query", q, "limit", String.valueOf(Math.min(limit, 100)), "fields", FIELDS);
        HttpRequest.Builder request = http.request(uri, "application/json");
        key.ifPresent(k -> request.header("x-api-key", k.value()));
        JsonNode answer = http.json(request, deadline);
        if (answer.path("data").isMissingNode() && answer.path("total").canConvertToInt()) {
            return List.of(); // no match: the answer has a total of 0 and no data list
        }
        return SearchArgs.upTo(limit, Json.list(answer.path("data"), "data", http), SemanticScholarProvider::paper);
    }

    static Optional<FoundSource> paper(JsonNode paper) {
        String title = Json.text(paper.path("title")).strip();
        if (title.isEmpty()) {
            return Optional.empty();
        }
        List<String> authors = new ArrayList<>();
        paper.path("authors").forEach(author -> {
            String name = Json.text(author.path("name")).strip();
            if (!name.isEmpty()) {
                authors.add(name);
            }
        });
        JsonNode ids = paper.path("externalIds");
        String venue = Json.text(paper.path("venue"));
        venue = venue.isBlank() ? Json.text(paper.path("journal").path("name")) : venue;
        return Optional.of(new FoundSource(
                ID,
                title,
                authors,
                Json.year(paper.path("year")),
                venue.strip(),
                SourceIds.doi(Json.text(ids.path("DOI"))),
                SourceIds.arxivId(Json.text(ids.path("ArXiv"))),
                SourceIds.pmid(Json.text(ids.path("PubMed"))),
                Links.http(Json.text(paper.path("url"))),
                Links.http(Json.text(paper.path("openAccessPdf").path("url"))),
                PlainText.of(Json.text(paper.path("abstract")))));
    }
}
