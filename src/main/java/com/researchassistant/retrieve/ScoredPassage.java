package com.researchassistant.retrieve;

import java.util.Objects;

/** A search result; higher scores are better, comparable only within one result list. */
public record ScoredPassage(Passage passage, double score) {

    public ScoredPassage {
        Objects.requireNonNull(passage, "passage");
    }
}
