package com.researchassistant.imports;

/**
 * How far an import is.
 *
 * @param entries everything it will do: documents, references, and what cannot be imported
 * @param done entries finished, whatever became of them
 */
public record Totals(int entries, int done, int indexed, int duplicates, int needsOcr, int failed) {

    static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0);
}
