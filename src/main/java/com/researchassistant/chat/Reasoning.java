package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/**
 * The reasoning chain shown beside an answer.
 *
 * @param evidence statements with their citations, such as "Sleep replays memories [1]"
 * @param confidence from 0 to 1
 */
public record Reasoning(
        String hypothesis,
        List<String> evidence,
        double confidence,
        List<String> alternatives,
        List<String> uncertainty) {

    public Reasoning {
        Objects.requireNonNull(hypothesis, "hypothesis");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        uncertainty = uncertainty == null ? List.of() : List.copyOf(uncertainty);
    }
}
