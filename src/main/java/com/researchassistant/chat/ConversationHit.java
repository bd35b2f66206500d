package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/**
 * A conversation found by its words, with the best-matching place in it.
 *
 * @param seq the message that matched best (from 1), or 0 for the title
 * @param snippet a short stretch of that text around the words
 * @param highlights where the matched words are in the snippet
 */
public record ConversationHit(SessionSummary session, int seq, String snippet, List<Highlight> highlights) {

    /** {@code [start, end)} of a snippet, in UTF-16 units. */
    public record Highlight(int start, int end) {}

    public ConversationHit {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(snippet, "snippet");
        highlights = List.copyOf(highlights);
    }
}
