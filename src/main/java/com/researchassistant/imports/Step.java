package com.researchassistant.imports;

import java.util.Objects;
import java.util.Optional;

/** One thing an import does, in the order it does them; its index is its place in the plan. */
sealed interface Step permits Step.FromFile, Step.FromRecord, Step.Broken {

    /** The name the person knows it by: a file's path, or a reference's title. */
    String name();

    /** A document file, with the reference it is attached to, if any. */
    record FromFile(String name, Source source, Optional<ImportRecord> record) implements Step {
        public FromFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(record, "record");
        }
    }

    /** A reference without a readable file: its title and abstract become the document. */
    record FromRecord(ImportRecord record) implements Step {
        @Override
        public String name() {
            return record.title();
        }
    }

    /** Something that cannot be imported, with why (an unsafe name, a broken BibTeX entry...). */
    record Broken(String name, String reason) implements Step {}
}
