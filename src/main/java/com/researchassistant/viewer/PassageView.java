package com.researchassistant.viewer;

import com.researchassistant.library.CitedPassage;
import com.researchassistant.library.Document;
import java.util.Objects;

/**
 * A cited passage as the viewer shows it: on its PDF page, or as text in its section.
 *
 * @param originalKept whether the library kept the uploaded file (documents uploaded before it did, or over its caps, are shown as text)
 * @param notice why the passage is shown as text although its original was kept; empty otherwise
 */
public record PassageView(
        Document document, CitedPassage passage, boolean originalKept, Display display, String notice) {

    public PassageView {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(passage, "passage");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(notice, "notice");
    }

    /** How the passage is shown. */
    public sealed interface Display permits PageDisplay, TextDisplay {}

    /**
     * The passage's PDF page, drawn on request ({@link SourceViewer#page}), with the passage's lines
     * outlined.
     *
     * @param aspect the page's height over its width, as shown, so the client can keep its room
     */
    public record PageDisplay(int page, int pageCount, double aspect, Match highlight) implements Display {
        public PageDisplay {
            Objects.requireNonNull(highlight, "highlight");
        }
    }

    /**
     * The text around the passage, with the passage at [{@code start}, {@code end}).
     *
     * @param heading the section's place ("Methods > Sampling", "p. 3"), or ""
     * @param origin where the text comes from
     * @param clippedBefore whether the section goes on before {@code text} (it is cut around the passage)
     * @param clippedAfter whether it goes on after
     */
    public record TextDisplay(
            String heading, String text, int start, int end, Origin origin, boolean clippedBefore, boolean clippedAfter)
            implements Display {
        public TextDisplay {
            Objects.requireNonNull(heading, "heading");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(origin, "origin");
            if (start < 0 || end < start || end > text.length()) {
                throw new IllegalArgumentException(
                        "the passage must lie in the text: [" + start + ", " + end + ") of " + text.length());
            }
        }
    }

    /** The section read again from the kept original, or the passages of that section joined. */
    public enum Origin {
        SECTION,
        PASSAGES
    }
}
