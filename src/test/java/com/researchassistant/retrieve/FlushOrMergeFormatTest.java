package com.researchassistant.retrieve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentReader;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlushOrMergeFormatTest {

    private static final int DIMENSIONS = 16;
    private static final LuceneSettings SETTINGS = new LuceneSettings(DIMENSIONS, 16, 100, 100, 64);

    @TempDir
    Path dir;

    private final Random random = new Random(7);

    @Test
    void a_flushed_segment_leaves_its_graph_to_the_merge_and_is_searched_exactly_meanwhile() throws IOException {
        // given: 2,000 passages in one add, with graphs deferred (ln(2,000) x 2,000 > 2,000)
        List<float[]> vectors = vectors(2_000);
        try (LuceneIndex index = LuceneIndex.open(dir, SETTINGS, IndexBuild.defaults())) {
            index.add(passages(vectors.size()), vectors);

            // then: no segment has a graph yet, and a search finds the exact nearest passage
            assertThat(graphSizes()).isNotEmpty().containsOnly(0);
            assertThat(index.search("alice", "", vectors.get(1_234), 1, Ranking.VECTOR_ONLY))
                    .extracting(hit -> hit.passage().id())
                    .containsExactly("d1234#0");

            // when: merged into one segment
            index.compact(1);
        }

        // then: the merge built one graph over every passage
        assertThat(graphSizes()).containsExactly(2_000);
        try (LuceneIndex index = LuceneIndex.open(dir, SETTINGS, IndexBuild.defaults())) {
            assertThat(index.search("alice", "", vectors.get(42), 1, Ranking.VECTOR_ONLY))
                    .extracting(hit -> hit.passage().id())
                    .containsExactly("d42#0");
        }
    }

    @Test
    void graphs_at_flush_build_each_segment_graph_as_before() throws IOException {
        // given
        List<float[]> vectors = vectors(2_000);

        // when
        try (LuceneIndex index =
                LuceneIndex.open(dir, SETTINGS, IndexBuild.defaults().graphsAtFlush())) {
            index.add(passages(vectors.size()), vectors);
        }

        // then: every segment (one a writer thread) holds a graph of all its passages
        assertThat(graphSizes())
                .isNotEmpty()
                .allSatisfy(size -> assertThat(size).isPositive());
        assertThat(graphSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
    }

    /** The size of each segment's HNSW graph, 0 where it has none. */
    private List<Integer> graphSizes() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        try (FSDirectory directory = FSDirectory.open(dir);
                DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                var fields = (PerFieldKnnVectorsFormat.FieldsReader) ((SegmentReader) leaf.reader()).getVectorReader();
                HnswGraph graph = ((HnswGraphProvider) fields.getFieldReader(PassageFields.VECTOR))
                        .getGraph(PassageFields.VECTOR);
                sizes.add(graph == null ? 0 : graph.size());
            }
        }
        return sizes;
    }

    private List<float[]> vectors(int count) {
        List<float[]> vectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] vector = new float[DIMENSIONS];
            double norm = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                vector[d] = (float) random.nextGaussian();
                norm += vector[d] * vector[d];
            }
            for (int d = 0; d < DIMENSIONS; d++) {
                vector[d] /= (float) Math.sqrt(norm);
            }
            vectors.add(vector);
        }
        return vectors;
    }

    private static List<Passage> passages(int count) {
        List<Passage> passages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            passages.add(new Passage("d" + i + "#0", "alice", "d" + i, "Document " + i, 0, "", "passage " + i));
        }
        return passages;
    }
}
