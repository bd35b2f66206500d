package com.researchassistant.sources;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The checks every provider makes on a search's arguments, and the limit it keeps to. */
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

    /** The first {@code limit} sources read from {@code items}, in order, leaving out those that read as none. */
    static <T> List<FoundSource> upTo(int limit, Iterable<T> items, Function<T, Optional<FoundSource>> read) {
        List<FoundSource> found = new ArrayList<>();
        for (T item : items) {
            read.apply(item).ifPresent(found::add);
            if (found.size() == limit) {
                break;
            }
        }
        return found;
    }
}
