package com.researchassistant.library;

import java.util.Objects;

/** A run of a document's text that shares one location: a PDF page, or the text under a heading. */
record Section(String text, Location location) {

    Section {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(location, "location");
    }
}
