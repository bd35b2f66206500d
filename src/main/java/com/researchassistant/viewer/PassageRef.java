package com.researchassistant.viewer;

import java.util.Objects;

/** Which passage of a document to show: by its ordinal, or for answers stored before ordinals, by where it is and how it starts. */
public sealed interface PassageRef permits PassageRef.Ordinal, PassageRef.Located {

    /** The passage's position among its document's passages, from 0. */
    record Ordinal(int ordinal) implements PassageRef {
        public Ordinal {
            if (ordinal < 0) {
                throw ViewerRefused.badRequest("A passage number is a whole number from 0.");
            }
        }
    }

    /**
     * @param location the label the citation showed ("p. 3", "Methods", "")
     * @param snippet how the passage starts, as the citation showed it (may end in "…"); empty picks the first
     */
    record Located(String location, String snippet) implements PassageRef {
        public Located {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(snippet, "snippet");
        }
    }
}
