package com.researchassistant.library;

import com.researchassistant.retrieve.Passage;
import com.researchassistant.retrieve.ReplicaIndex;
import com.researchassistant.retrieve.ScoredPassage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** An exact dot-product index in a map; enough to observe what the library writes and deletes. */
final class InMemoryIndex implements ReplicaIndex {

    private record Entry(Passage passage, float[] vector) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile long position;
    /** How many passages each {@code add} call carried, in order. */
    final List<Integer> addSizes = new CopyOnWriteArrayList<>();
    /** Counted down when an {@code add} reaches {@link #addGate}. */
    final CountDownLatch addReached = new CountDownLatch(1);
    /** When set, every {@code add} waits until it is open before writing anything. */
    volatile CountDownLatch addGate;

    @Override
    public void add(List<Passage> passages, List<float[]> vectors) {
        CountDownLatch gate = addGate;
        if (gate != null) {
            addReached.countDown();
            try {
                if (!gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the add gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the add gate", e);
            }
        }
        addSizes.add(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            entries.put(passages.get(i).id(), new Entry(passages.get(i), vectors.get(i)));
        }
    }

    @Override
    public void deleteDocument(String owner, String documentId) {
        entries.values()
                .removeIf(e -> e.passage().owner().equals(owner)
                        && e.passage().documentId().equals(documentId));
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
                .sorted(Comparator.comparingDouble(ScoredPassage::score)
                        .reversed()
                        .thenComparing(s -> s.passage().id()))
                .limit(k)
                .toList();
    }

    @Override
    public List<ScoredPassage> searchWithin(
            String owner, Set<String> documentIds, String query, float[] queryVector, int k) {
        return search(owner, query, queryVector, Integer.MAX_VALUE).stream()
                .filter(s -> documentIds.contains(s.passage().documentId()))
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
        return entries.values().stream()
                .map(Entry::passage)
                .sorted(Comparator.comparing(Passage::id))
                .toList();
    }

    /** The vector stored with a passage. */
    float[] vectorOf(String passageId) {
        return entries.get(passageId).vector().clone();
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
