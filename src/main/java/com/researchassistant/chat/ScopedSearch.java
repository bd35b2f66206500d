package com.researchassistant.chat;

import com.researchassistant.retrieve.ScoredPassage;
import java.util.List;
import java.util.Set;

/** Searches part of an owner's research library: the passages of some of their documents, best first. */
@FunctionalInterface
public interface ScopedSearch {

    List<ScoredPassage> searchWithin(String owner, Set<String> documentIds, String query, int k);
}
