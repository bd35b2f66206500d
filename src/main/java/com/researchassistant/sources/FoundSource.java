package com.researchassistant.sources;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One search result, in the shape every provider maps to. Identifiers are normalised (a DOI in
 * lower case without a resolver prefix, an arXiv id without version, a PMID as digits) so results
 * of several providers can be deduplicated.
 *
 * @param provider the id of the provider that found it
 * @param landingUrl the page about the work (publisher, arXiv abstract page, PubMed page, web page)
 * @param fullTextUrl an open-access full text (PDF or HTML), when the provider knows one
 * @param abstractText the abstract or the search engine's snippet, plain text; may be empty
 */
public record FoundSource(
        String provider,
        String title,
        List<String> authors,
        OptionalInt year,
        String venue,
        Optional<String> doi,
        Optional<String> arxivId,
        Optional<String> pmid,
        Optional<URI> landingUrl,
        Optional<URI> fullTextUrl,
        String abstractText) {

    public FoundSource {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(title, "title");
        authors = List.copyOf(authors);
        Objects.requireNonNull(year, "year");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(doi, "doi");
        Objects.requireNonNull(arxivId, "arxivId");
        Objects.requireNonNull(pmid, "pmid");
        Objects.requireNonNull(landingUrl, "landingUrl");
        Objects.requireNonNull(fullTextUrl, "fullTextUrl");
        Objects.requireNonNull(abstractText, "abstractText");
    }
}
