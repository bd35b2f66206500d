package com.researchassistant.chat;

import java.util.List;
import java.util.Objects;

/** What an answer may draw on beyond the recent turns: library passages and recalled older turns, numbered for citation. */
record Grounding(List<Item> items) {

    /** A citable text and how it is shown. */
    record Item(Source source, String text) {
        Item {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }
    }

    static final Grounding NONE = new Grounding(List.of());

    Grounding {
        items = List.copyOf(items);
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    List<Source> sources() {
        return items.stream().map(Item::source).toList();
    }

    List<Item> ofKind(String kind) {
        return items.stream().filter(i -> i.source().kind().equals(kind)).toList();
    }
}
