package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.retrieve.ReplicaIndex;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** An exact dot-product index in a map; enough to observe what the library writes and deletes. */
final class InMemoryIndex implements ReplicaIndex {

    private record Entry(Passage passage, float[] vector) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile long position;

    @Override
    public void add(List<Passage> passages, List<float[]> vectors) {
        for (int i = 0; i < passages.size(); i++) {
            entries.put(passages.get(i).id(), new Entry(passages.get(i), vectors.get(i)));
        }
    }

    @Override
    public void deleteDocument(String owner, String documentId) {
        entries.values().removeIf(e -> e.passage().owner().equals(owner) && e.passage().documentId().equals(documentId));
    }

    @Override
    public boolean holds(String owner) {
        return entries.values().stream().anyMatch(e -> e.passage().owner().equals(owner));
    }

    @Override
    public List<ScoredPassage> search(String owner, String query, float[] queryVector, int k) {
        return entries.values().stream()
                .filter(e -> e.passage().owner().equals(owner))
                .map(e -> new ScoredPassage(e.passage(), dot(queryVector, e.vector())))
                .sorted(Comparator.comparingDouble(ScoredPassage::score).reversed()
                        .thenComparing(s -> s.passage().id()))
                .limit(k)
                .toList();
    }

    @Override
    public Set<HeldDocument> documents() {
        return entries.values().stream()
                .map(e -> new HeldDocument(e.passage().owner(), e.passage().documentId()))
                .collect(Collectors.toSet());
    }

    @Override
    public long appliedPosition() {
        return position;
    }

    @Override
    public void markApplied(long position) {
        this.position = position;
    }

    List<Passage> passagesOf(String documentId) {
        return entries.values().stream()
                .map(Entry::passage)
                .filter(p -> p.documentId().equals(documentId))
                .sorted(Comparator.comparingInt(Passage::ordinal))
                .toList();
    }

    /** Every passage held, by id. */
    List<Passage> all() {
        return entries.values().stream().map(Entry::passage).sorted(Comparator.comparing(Passage::id)).toList();
    }

    int size() {
        return entries.size();
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
