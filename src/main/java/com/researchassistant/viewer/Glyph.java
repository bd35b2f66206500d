package com.researchassistant.viewer;

import java.util.Objects;

/**
 * One character (or ligature) of a page's text layer where it is drawn, in page shares as {@link
 * Box}: {@code baseline} is where the text sits, {@code size} the font's size.
 */
record Glyph(String text, double x, double baseline, double width, double size) {

    Glyph {
        Objects.requireNonNull(text, "text");
    }

    /** The glyph's body: from a little above the capitals to below the descenders. */
    Box box() {
        return new Box(x, baseline - 0.80 * size, Math.max(0, width), 1.02 * size);
    }
}
