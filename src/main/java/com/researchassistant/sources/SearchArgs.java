package com.researchassistant.sources;

import java.util.Objects;

/** The checks every provider makes on a search's arguments. */
final class SearchArgs {

    /** Long enough for any research question; providers refuse much longer queries. */
    static final int MAX_QUERY_CHARS = 300;

    private SearchArgs() {}

    /** The query, stripped and cut at a word boundary before {@link #MAX_QUERY_CHARS}. */
    static String query(String query, int limit) {
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new IllegalArgumentException("the query is blank");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        String q = query.strip().replaceAll("\\s+", " ");
        if (q.length() <= MAX_QUERY_CHARS) {
            return q;
        }
        int cut = q.lastIndexOf(' ', MAX_QUERY_CHARS);
        return q.substring(0, cut > 0 ? cut : MAX_QUERY_CHARS);
    }
}
