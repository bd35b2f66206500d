package com.researchassistant.sources;

import java.time.Duration;
import java.util.Optional;

/**
 * The metadata of one work by its DOI (Crossref), to fill in a result that has little more than a
 * DOI: title, authors, year, venue, abstract when the publisher deposited one.
 */
public interface DoiLookup {

    /**
     * The work with {@code doi} (any form {@link SourceIds#doi} reads), or empty when the registry
     * does not know it.
     *
     * @param budget the most the call may take, as for {@link SourceProvider#search}
     * @throws SourceException when the registry cannot answer
     * @throws IllegalArgumentException when {@code doi} is not a DOI
     * @throws InterruptedException when the calling job is cancelled
     */
    Optional<FoundSource> lookup(String doi, Duration budget) throws InterruptedException;
}
