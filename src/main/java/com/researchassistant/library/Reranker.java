package com.researchassistant.library;

import com.researchassistant.retrieve.ScoredPassage;
import java.util.List;

/**
 * An optional last stage of a library search: reorders the best passages for the query. When it
 * cannot (no answer within its budget, a failed call, an answer it cannot read) the order it was
 * given stands.
 */
public interface Reranker {

    /** Leaves every ranking as it is: the default. */
    Reranker NONE = new Reranker() {
        @Override
        public int depth() {
            return 0;
        }

        @Override
        public List<ScoredPassage> rerank(String query, List<ScoredPassage> ranked) {
            return ranked;
        }
    };

    /** How many of the best passages it looks at; a search fetches at least this many. */
    int depth();

    /** {@code ranked} best first, reordered; the same passages, scores decreasing. */
    List<ScoredPassage> rerank(String query, List<ScoredPassage> ranked);
}
