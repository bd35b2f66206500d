package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Crossref's REST API: a bibliographic search ({@code GET /works?query=}) and the metadata of one
 * DOI ({@code GET /works/{doi}}). A {@code mailto} puts the calls in its polite pool. A full-text
 * link counts as open access only when the work carries a Creative Commons licence.
 */
final class CrossrefProvider implements SourceProvider, DoiLookup {

    static final String ID = "crossref";
    private static final String FIELDS = "DOI,title,author,issued,published,container-title,abstract,URL,link,license";

    private final URI base;
    private final Optional<String> mailto;
    private final ProviderHttp http;

    CrossrefProvider(URI base, Optional<String> mailto, ProviderHttp http) {
        this.base = base;
        this.mailto = mailto;
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
                "query",
                q,
                "rows",
                String.valueOf(Math.min(limit, 100)),
                "select",
                FIELDS,
                "mailto",
                mailto.orElse(null));
        JsonNode answer = message(http.send(http.request(uri, "application/json"), deadline));
        return SearchArgs.upTo(limit, Json.list(answer.path("items"), "items", http), CrossrefProvider::work);
    }

    @Override
    public Optional<FoundSource> lookup(String doi, Duration budget) throws InterruptedException {
        String normal = SourceIds.doi(doi).orElseThrow(() -> new IllegalArgumentException("not a DOI: " + doi));
        Deadline deadline = http.deadline(budget);
        URI uri =
                Links.query(base, "/works/" + Links.encode(normal).replace("%2F", "/"), "mailto", mailto.orElse(null));
        Optional<byte[]> body = http.sendUnlessMissing(http.request(uri, "application/json"), deadline);
        return body.flatMap(b -> work(message(b)));
    }

    private JsonNode message(byte[] body) {
        JsonNode answer = Json.object(body, http);
        if (!"ok".equals(Json.text(answer.path("status")))
                || !answer.path("message").isObject()) {
            throw http.malformed("the answer is not a Crossref message", null);
        }
        return answer.path("message");
    }

    static Optional<FoundSource> work(JsonNode item) {
        Optional<String> doi = SourceIds.doi(Json.text(item.path("DOI")));
        String title = first(item.path("title"));
        if (doi.isEmpty() || title.isBlank()) {
            return Optional.empty();
        }
        List<String> authors = new ArrayList<>();
        item.path("author").forEach(author -> {
            String name = (Json.text(author.path("given")) + " " + Json.text(author.path("family"))).strip();
            name = name.isEmpty() ? Json.text(author.path("name")).strip() : name;
            if (!name.isEmpty()) {
                authors.add(name);
            }
        });
        Optional<URI> landing = Links.http(Json.text(item.path("URL")))
                .or(() -> Optional.of(
                        URI.create("https://doi.org/" + Links.encode(doi.get()).replace("%2F", "/"))));
        return Optional.of(new FoundSource(
                ID,
                PlainText.of(title),
                authors,
                year(item),
                PlainText.of(first(item.path("container-title"))),
                doi,
                doi.flatMap(SourceIds::arxivId),
                Optional.empty(),
                landing,
                openFullText(item),
                PlainText.of(Json.text(item.path("abstract")))));
    }

    private static String first(JsonNode list) {
        return list.isArray() && !list.isEmpty() ? Json.text(list.get(0)) : Json.text(list);
    }

    /** The first year of "issued", else of "published": {"date-parts": [[2019, 5, 1]]}. */
    private static OptionalInt year(JsonNode item) {
        for (String field : List.of("issued", "published")) {
            JsonNode year = item.path(field).path("date-parts").path(0).path(0);
            OptionalInt found = Json.year(year);
            if (found.isPresent()) {
                return found;
            }
        }
        return OptionalInt.empty();
    }

    /** A PDF link (else any link) of a work under a Creative Commons licence. */
    private static Optional<URI> openFullText(JsonNode item) {
        boolean open = false;
        for (JsonNode licence : item.path("license")) {
            open |= Json.text(licence.path("URL")).contains("creativecommons.org");
        }
        if (!open) {
            return Optional.empty();
        }
        Optional<URI> any = Optional.empty();
        for (JsonNode link : item.path("link")) {
            Optional<URI> url = Links.http(Json.text(link.path("URL")));
            if (Json.text(link.path("content-type")).equals("application/pdf") && url.isPresent()) {
                return url;
            }
            any = any.or(() -> url);
        }
        return any;
    }
}
