package com.researchassistant.chat;

import java.util.Collection;
import java.util.Map;

/** Looks up the references (authors, year, venue, DOI, URL) of an owner's library documents. */
@FunctionalInterface
public interface References {

    /** Nothing is known about any document. */
    References NONE = (owner, documentIds) -> Map.of();

    /** The references of those of the documents that have one, by document id. */
    Map<String, Reference> of(String owner, Collection<String> documentIds);
}
