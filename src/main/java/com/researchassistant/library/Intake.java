package com.researchassistant.library;

import java.util.List;
import java.util.Objects;

/** What {@link Library#take} made of one document of an import. */
public sealed interface Intake permits Intake.Added, Intake.Known {

    /** Recorded, to be indexed with {@link Library#index}. */
    final class Added implements Intake {
        private final Document document;
        private final List<Chunk> chunks;

        Added(Document document, List<Chunk> chunks) {
            this.document = Objects.requireNonNull(document, "document");
            this.chunks = List.copyOf(chunks);
        }

        public Document document() {
            return document;
        }

        List<Chunk> chunks() {
            return chunks;
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
