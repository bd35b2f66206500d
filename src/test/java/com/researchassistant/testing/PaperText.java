package com.researchassistant.testing;

import java.util.List;

/**
 * The text of a three-page paper for the viewer's tests: every page a few lines that make one
 * passage, the second page about sleep spindles, so a question about them cites page 2.
 */
public final class PaperText {

    public static final String TITLE = "Spindles and Memory";

    public static final List<String> PAGE_1 = List.of(
            "Introduction. This short paper reviews what is known about learning",
            "and rest, and how experiments on rest are usually set up in a lab.",
            "It describes the volunteers, the tasks and the recordings we used.");

    public static final List<String> PAGE_2 = List.of(
            "Sleep spindles are bursts of activity in the sleeping brain that",
            "last about one second. Their density after learning predicts how",
            "well word pairs are recalled the next morning, which suggests that",
            "spindles help to consolidate new memories during the night.");

    public static final List<String> PAGE_3 = List.of(
            "Limitations. The sample was small and the recordings were short,",
            "so the effects reported here should be replicated in larger groups",
            "before anyone draws firm conclusions about rest and learning.");

    public static final List<List<String>> PAGES = List.of(PAGE_1, PAGE_2, PAGE_3);

    private PaperText() {}

    public static byte[] pdf() {
        return LinedPdf.of(TITLE, PAGES);
    }
}
