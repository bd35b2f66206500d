package com.researchassistant.research;

import java.util.List;
import java.util.Objects;

/**
 * Checks a finished report's cited sentences against the sources they cite: the hook for the
 * claim verifier. The report's text and its numbered sources are all it gets; its verdicts go out
 * as a {@code verified} event and into the job's status. {@link #NONE} checks nothing.
 */
@FunctionalInterface
public interface ReportCheck {

    /** Checks nothing (no verifier wired). */
    ReportCheck NONE = (report, sources) -> List.of();

    /**
     * The verdicts on the report's cited sentences.
     *
     * @param report the report as stored, Markdown with citations {@code [n]}
     * @param sources its sources, numbered as cited, with the text read from each
     */
    List<Verdict> check(String report, List<CheckedSource> sources) throws InterruptedException;

    /**
     * One source as the verifier sees it.
     *
     * @param text what the job read of it (full-text passages, or the abstract)
     */
    record CheckedSource(int number, String title, String text) {
        public CheckedSource {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The verdict on one cited sentence.
     *
     * @param source the citation number checked
     * @param verdict the verifier's word for it, such as "supported", "unsupported", "unclear"
     */
    record Verdict(String sentence, int source, String verdict) {
        public Verdict {
            Objects.requireNonNull(sentence, "sentence");
            Objects.requireNonNull(verdict, "verdict");
        }
    }
}
