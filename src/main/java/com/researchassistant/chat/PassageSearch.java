package com.researchassistant.chat;

import com.researchassistant.retrieve.ScoredPassage;
import java.util.List;

/** Searches an owner's research library (hybrid: words and meaning), best passages first. */
@FunctionalInterface
public interface PassageSearch {

    List<ScoredPassage> search(String owner, String query, int k);
}
