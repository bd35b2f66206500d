package com.researchassistant.retrieve;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The child process of {@link LuceneIndexTest}'s crash test: opens the index in the given
 * directory and adds batches of {@link #BATCH} passages, document {@code doc-<n>}, until killed.
 * It prints {@code ACK <n>} only after {@code add} returned; the parent ignores other output.
 */
public final class AddUntilKilled {

    static final String OWNER = "crash";
    static final int BATCH = 50;

    private AddUntilKilled() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        HashingEmbedding embedding = HashingEmbedding.plain();
        LuceneIndex index = LuceneIndex.open(Path.of(args[0]), LuceneIndexTest.SETTINGS);
        for (int n = 0; ; n++) {
            String doc = "doc-" + n;
            String word = "batch" + n;
            List<Passage> passages = IntStream.range(0, BATCH)
                    .mapToObj(i -> new Passage(doc + "#" + i, OWNER, doc, doc, i, "", word + " passage " + i))
                    .toList();
            index.add(
                    passages,
                    passages.stream().map(p -> embedding.embed(p.text())).toList());
            out.println("ACK " + n);
        }
    }
}
