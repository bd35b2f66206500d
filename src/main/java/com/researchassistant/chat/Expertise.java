package com.researchassistant.chat;

import java.util.Objects;

/**
 * The expertise an answer speaks from.
 *
 * @param id a stable id, such as "statistician"
 * @param label shown to the user, such as "Statistician"
 * @param relevance from 0 to 1: how well it fits the question
 * @param guidance the sentence added to the system prompt to take this expertise on
 */
public record Expertise(String id, String label, double relevance, String guidance) {

    public Expertise {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(guidance, "guidance");
    }
}
