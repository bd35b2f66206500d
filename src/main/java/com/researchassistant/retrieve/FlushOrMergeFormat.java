package com.researchassistant.retrieve;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.store.IOContext;

/**
 * One of Lucene's vector formats configured twice: one way for segments written from memory, the
 * other for merged ones. Both write the same files under the same registered name, so Lucene reopens
 * either through that name, whatever wrote it. It lets a flushed segment leave its HNSW graph to its
 * first merge, which builds it on every merge worker instead of on the thread that adds passages,
 * and only once instead of once per segment and again on merging (docs/benchmarks.md, "Index
 * build").
 */
final class FlushOrMergeFormat extends KnnVectorsFormat {

    private final KnnVectorsFormat flushed;
    private final KnnVectorsFormat merged;

    FlushOrMergeFormat(KnnVectorsFormat flushed, KnnVectorsFormat merged) {
        super(merged.getName());
        if (!flushed.getName().equals(merged.getName())) {
            throw new IllegalArgumentException(
                    "one format configured twice, not two: " + flushed.getName() + ", " + merged.getName());
        }
        this.flushed = flushed;
        this.merged = merged;
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return state.context.context() == IOContext.Context.MERGE
                ? merged.fieldsWriter(state)
                : flushed.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return merged.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return merged.getMaxDimensions(fieldName);
    }

    @Override
    public String toString() {
        return "FlushOrMergeFormat(flushed=" + flushed + ", merged=" + merged + ")";
    }
}
