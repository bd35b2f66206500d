package com.researchassistant.library;

import java.util.List;

/** Where in its document a section sits, for citations. */
sealed interface Location permits Location.Page, Location.Headings {

    /** The label readers see: "p. 3", "Methods > Sampling", or "" for the top of a document. */
    String label();

    /** A page of a PDF, from 1. */
    record Page(int number) implements Location {
        public Page {
            if (number < 1) {
                throw new IllegalArgumentException("page number must be positive: " + number);
            }
        }

        @Override
        public String label() {
            return "p. " + number;
        }
    }

    /** The headings above a section, outermost first; empty before the first heading. */
    record Headings(List<String> path) implements Location {
        public Headings {
            path = List.copyOf(path);
        }

        static Headings top() {
            return new Headings(List.of());
        }

        @Override
        public String label() {
            return String.join(" > ", path);
        }
    }
}
