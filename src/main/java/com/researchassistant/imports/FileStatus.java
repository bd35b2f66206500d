package com.researchassistant.imports;

import java.util.Locale;

/** Where one entry of an import is. */
public enum FileStatus {
    /** Not reached yet. */
    QUEUED,
    /** Being read. */
    PARSING,
    /** In the library (searchable once its indexing ends, which the import waits for). */
    INDEXED,
    /** The owner had its text or its DOI already: not stored again. */
    DUPLICATE,
    /** A PDF of scanned pages without a text layer. */
    NEEDS_OCR,
    /** Could not be imported, with why. */
    FAILED;

    /** The name in the API: "queued", "needs_ocr"... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it is a problem the person should see listed. */
    public boolean problem() {
        return this == DUPLICATE || this == NEEDS_OCR || this == FAILED;
    }

    static FileStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
