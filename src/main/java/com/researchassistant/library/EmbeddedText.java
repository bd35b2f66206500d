package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;

/**
 * What of a passage is embedded: its document's title, then its text. A chunk from the middle of a
 * paper rarely names what the paper is about; with the title before it, the vector carries that
 * context (BEIR embeds documents the same way). Measured on BEIR NFCorpus in docs/benchmarks.md.
 *
 * <p>Changing this recipe changes every stored vector's meaning, so it is part of the embedding
 * key ({@link #RECIPE}): a library embedded otherwise is re-embedded in the background.
 */
final class EmbeddedText {

    /** Names this recipe in the embedding key of stored vectors. */
    static final String RECIPE = "title";

    private EmbeddedText() {}

    static String of(Passage passage) {
        String title = passage.documentTitle().strip();
        return title.isEmpty() ? passage.text() : title + "\n\n" + passage.text();
    }
}
