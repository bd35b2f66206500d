package com.researchassistant.research;

import com.researchassistant.retrieve.FlatIndex;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The passages one research job read, embedded into an exact index that lives only as long as
 * the job's run: small (a few hundred passages), so a flat scan is exact and fast. Each passage
 * belongs to a source by its citation number. Thread-safe: sources are read in parallel.
 */
final class JobIndex {

    private static final String OWNER = "job";

    private final FlatIndex index;
    private final Map<Integer, List<String>> bySource = new ConcurrentHashMap<>();

    JobIndex(int dimensions) {
        this.index = new FlatIndex(dimensions);
    }

    /** Adds a source's passages, in order, with their vectors. */
    void add(ReportSource source, List<String> texts, List<float[]> vectors) {
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            passages.add(new Passage(
                    source.number() + ":" + i,
                    OWNER,
                    Integer.toString(source.number()),
                    source.title(),
                    i,
                    "",
                    texts.get(i)));
        }
        index.add(passages, vectors);
        bySource.put(source.number(), List.copyOf(texts));
    }

    /** The {@code k} passages closest to {@code query}, as excerpts cited by their source's number. */
    List<Prompts.Excerpt> search(String query, float[] vector, int k) {
        List<Prompts.Excerpt> excerpts = new ArrayList<>();
        for (ScoredPassage hit : index.search(OWNER, query, vector, k)) {
            excerpts.add(new Prompts.Excerpt(
                    Integer.parseInt(hit.passage().documentId()),
                    hit.passage().documentTitle(),
                    hit.passage().text()));
        }
        return excerpts;
    }

    /** What was read of source {@code number}, passages joined; "" when nothing was. */
    String text(int number) {
        return String.join("\n\n", bySource.getOrDefault(number, List.of()));
    }

    boolean isEmpty() {
        return bySource.isEmpty();
    }

    int passages() {
        return bySource.values().stream().mapToInt(List::size).sum();
    }
}
