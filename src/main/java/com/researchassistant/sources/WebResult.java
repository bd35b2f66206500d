package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A web search hit as a {@link FoundSource}: the page is both where the work is and what to read,
 * the site's host stands in for the venue, and a link to doi.org, arXiv or PubMed gives its id.
 */
final class WebResult {

    private WebResult() {}

    /** A search engine's JSON hit: its {@code url} and {@code title}, with the snippet and date in the named fields. */
    static Optional<FoundSource> read(String provider, JsonNode result, String snippetField, String dateField) {
        return of(
                provider,
                Json.text(result.path("url")),
                Json.text(result.path("title")),
                Json.text(result.path(snippetField)),
                Json.year(result.path(dateField)));
    }

    private static Optional<FoundSource> of(
            String provider, String url, String title, String snippet, OptionalInt year) {
        Optional<URI> page = Links.http(url);
        String cleanTitle = PlainText.of(title);
        if (page.isEmpty() || cleanTitle.isEmpty()) {
            return Optional.empty();
        }
        String host = page.get().getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
        String link = page.get().toString();
        Optional<String> doi =
                host.equals("doi.org") || host.equals("dx.doi.org") ? SourceIds.doi(link) : Optional.empty();
        Optional<String> arxiv = host.equals("arxiv.org") || host.equals("export.arxiv.org")
                ? SourceIds.arxivId(link)
                : Optional.empty();
        Optional<String> pmid = host.equals("pubmed.ncbi.nlm.nih.gov") ? SourceIds.pmid(link) : Optional.empty();
        return Optional.of(new FoundSource(
                provider, cleanTitle, List.of(), year, host, doi, arxiv, pmid, page, page, PlainText.of(snippet)));
    }
}
