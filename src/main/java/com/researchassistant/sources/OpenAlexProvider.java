package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.config.Secret;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * OpenAlex's works search ({@code GET /works?search=}). Without a key OpenAlex allows a handful of
 * searches a day; a free key ({@code api_key}, a query parameter: no URL of these calls is ever
 * logged or put in a message) allows about a thousand. Abstracts come as an inverted index (word
 * to positions), rebuilt here.
 */
final class OpenAlexProvider implements SourceProvider {

    static final String ID = "openalex";
    private static final String FIELDS = "id,doi,title,display_name,publication_year,authorships,"
            + "primary_location,best_oa_location,open_access,ids,abstract_inverted_index";
    private static final int MAX_PER_PAGE = 200;
    /** An abstract longer than this many words is cut; it guards against a broken index. */
    private static final int MAX_ABSTRACT_WORDS = 5_000;

    private final URI base;
    private final Optional<String> mailto;
    private final Optional<Secret> key;
    private final ProviderHttp http;

    OpenAlexProvider(URI base, Optional<String> mailto, Optional<Secret> key, ProviderHttp http) {
        this.base = base;
        this.mailto = mailto;
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
                base,
                "/works",
                "search",
                q,
                "per_page",
                String.valueOf(Math.min(limit, MAX_PER_PAGE)),
                "select",
                FIELDS,
                "mailto",
                mailto.orElse(null),
                "api_key",
                key.map(Secret::value).orElse(null));
        JsonNode results = Json.list(
                http.json(http.request(uri, "application/json"), deadline).path("results"), "results", http);
        return SearchArgs.upTo(limit, results, OpenAlexProvider::work);
    }

    static Optional<FoundSource> work(JsonNode work) {
        String title = Json.text(work.path("title"));
        title = title.isBlank() ? Json.text(work.path("display_name")) : title;
        if (title.isBlank()) {
            return Optional.empty();
        }
        List<String> authors = new ArrayList<>();
        work.path("authorships").forEach(a -> {
            String name = Json.text(a.path("author").path("display_name"));
            if (!name.isBlank()) {
                authors.add(name);
            }
        });
        JsonNode primary = work.path("primary_location");
        JsonNode bestOa = work.path("best_oa_location");
        Optional<String> doi = SourceIds.doi(Json.text(work.path("doi")));
        Optional<String> arxiv = doi.flatMap(SourceIds::arxivId)
                .or(() -> Stream.of(primary, bestOa)
                        .map(location -> Json.text(location.path("landing_page_url")))
                        .filter(url -> url.contains("arxiv.org/"))
                        .findFirst()
                        .flatMap(SourceIds::arxivId));
        Optional<URI> landing = Links.http(Json.text(primary.path("landing_page_url")))
                .or(() -> doi.map(
                        d -> URI.create("https://doi.org/" + Links.encode(d).replace("%2F", "/"))))
                .or(() -> Links.http(Json.text(work.path("id"))));
        Optional<URI> fullText = Links.http(Json.text(bestOa.path("pdf_url")))
                .or(() -> Links.http(Json.text(work.path("open_access").path("oa_url"))))
                .or(() -> Links.http(Json.text(bestOa.path("landing_page_url"))));
        return Optional.of(new FoundSource(
                ID,
                title.strip(),
                authors,
                Json.year(work.path("publication_year")),
                Json.text(primary.path("source").path("display_name")),
                doi,
                arxiv,
                SourceIds.pmid(Json.text(work.path("ids").path("pmid"))),
                landing,
                fullText,
                abstractText(work.path("abstract_inverted_index"))));
    }

    /** The abstract from OpenAlex's inverted index: each word put back at each of its positions. */
    static String abstractText(JsonNode index) {
        if (!index.isObject()) {
            return "";
        }
        TreeMap<Integer, String> words = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : index.properties()) {
            for (JsonNode position : entry.getValue()) {
                if (position.canConvertToInt() && position.asInt() >= 0) {
                    words.put(position.asInt(), entry.getKey());
                }
                if (words.size() > MAX_ABSTRACT_WORDS) {
                    words.pollLastEntry();
                }
            }
        }
        return PlainText.of(String.join(" ", words.values()));
    }
}
