package com.researchassistant.library;

import java.util.Objects;
import java.util.concurrent.Future;

/** What {@link Library#take} made of one document of an import. */
public sealed interface Intake permits Intake.Added, Intake.Known {

    /**
     * Recorded and indexing.
     *
     * @param indexing ends when the document is ready or has failed: read it again then
     */
    record Added(Document document, Future<?> indexing) implements Intake {
        public Added {
            Objects.requireNonNull(document, "document");
            Objects.requireNonNull(indexing, "indexing");
        }
    }

    /**
     * The owner has this text (or this DOI) already: nothing was stored.
     *
     * @param copy the document it duplicates
     * @param sameEntry whether the copy is this very entry's, added by an earlier run of the same
     *     import that a restart cut short: then it is no duplicate, the entry is simply done
     */
    record Known(Document copy, boolean sameEntry) implements Intake {
        public Known {
            Objects.requireNonNull(copy, "copy");
        }
    }
}
