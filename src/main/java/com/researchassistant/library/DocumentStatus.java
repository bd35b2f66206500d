package com.researchassistant.library;

import java.util.Locale;

/** Where a document is in its life: only {@link #READY} documents are searchable. */
public enum DocumentStatus {
    /** Parsed and recorded; chunks are being embedded and indexed in the background. */
    INDEXING,
    /** Every chunk is in the index. */
    READY,
    /** Indexing stopped (an error or a restart); nothing of it is in the index. Delete and upload again. */
    FAILED;

    /** The value stored in the {@code status} column and shown in the API. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DocumentStatus ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
