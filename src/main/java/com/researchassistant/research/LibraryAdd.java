package com.researchassistant.research;

import com.researchassistant.library.Document;
import com.researchassistant.library.Upload;

/** Adds a document to a person's library ({@code Library::ingest}): a report source kept with one tap. */
@FunctionalInterface
public interface LibraryAdd {

    /** @throws com.researchassistant.library.DocumentRejected when the document cannot be read */
    Document add(String owner, Upload upload);
}
