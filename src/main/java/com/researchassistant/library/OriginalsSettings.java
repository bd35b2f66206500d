package com.researchassistant.library;

/**
 * Which uploads the library keeps the bytes of, for the source viewer. An upload over either cap
 * is still read and indexed; only its original is not kept, and the viewer shows its text.
 *
 * @param maxDocumentBytes the largest original kept; 0 keeps none
 * @param maxBytesPerOwner the most bytes of originals one identity's documents keep together
 */
public record OriginalsSettings(long maxDocumentBytes, long maxBytesPerOwner) {

    public OriginalsSettings {
        if (maxDocumentBytes < 0 || maxBytesPerOwner < 0) {
            throw new IllegalArgumentException("caps must not be negative: maxDocumentBytes=" + maxDocumentBytes
                    + ", maxBytesPerOwner=" + maxBytesPerOwner);
        }
    }

    /** Every upload the library takes (20 MiB at most), up to 1 GiB per identity. */
    public static OriginalsSettings defaults() {
        return new OriginalsSettings(20L << 20, 1L << 30);
    }
}
