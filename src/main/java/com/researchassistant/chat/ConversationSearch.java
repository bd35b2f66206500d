package com.researchassistant.chat;

import java.util.List;

/** Finds an owner's conversations by the words of their titles and messages. */
public interface ConversationSearch {

    /**
     * The owner's conversations holding every word of {@code query} (as a word or a word's start,
     * in the title or any one message), best match first, at most {@code limit}; none when the query
     * has no words.
     */
    List<ConversationHit> search(String owner, String query, int limit);
}
