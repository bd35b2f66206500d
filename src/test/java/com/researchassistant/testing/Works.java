package com.researchassistant.testing;

import com.researchassistant.sources.FoundSource;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Search results as providers return them, for research tests. */
public final class Works {

    private Works() {}

    /** A paper with a DOI, an abstract and no open-access full text. */
    public static FoundSource paper(String provider, String title, String doi, String abstractText) {
        return new FoundSource(
                provider,
                title,
                List.of("Ada Lovelace", "Alan Turing"),
                OptionalInt.of(2021),
                "Journal of Sleep Research",
                Optional.of(doi),
                Optional.empty(),
                Optional.empty(),
                Optional.of(URI.create("https://doi.org/" + doi)),
                Optional.empty(),
                abstractText);
    }

    /** A paper with an open-access full text at {@code fullText}. */
    public static FoundSource openAccess(
            String provider, String title, String doi, String fullText, String abstractText) {
        FoundSource paper = paper(provider, title, doi, abstractText);
        return new FoundSource(
                provider,
                title,
                paper.authors(),
                paper.year(),
                paper.venue(),
                paper.doi(),
                Optional.empty(),
                Optional.empty(),
                paper.landingUrl(),
                Optional.of(URI.create(fullText)),
                abstractText);
    }

    /** A web search result: a page and its snippet, no scholarly id. */
    public static FoundSource page(String provider, String title, String url, String snippet) {
        return new FoundSource(
                provider,
                title,
                List.of(),
                OptionalInt.empty(),
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(URI.create(url)),
                Optional.empty(),
                snippet);
    }
}
