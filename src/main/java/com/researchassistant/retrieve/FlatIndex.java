package com.researchassistant.retrieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.util.VectorUtil;

/**
 * An in-memory exact index: every search scans the owner's vectors with {@link
 * VectorUtil#dotProduct}. Meant for small sets such as the semantic memory of one session (a few
 * hundred past turns), where a scan takes microseconds and is exact, so no graph is worth its
 * build cost.
 *
 * <p>Pure vector ranking: the query text is validated but not used. Over a few hundred short
 * turns, BM25 has too little text for useful term statistics, and the caller embeds the whole
 * message anyway. Scores are cosine similarities (the vectors are normalised).
 *
 * <p>Passages are keyed by owner and id, so one owner can never replace or delete another's.
 * "Durable" here means for the life of this object: the caller rebuilds it from the session
 * store after a restart. Thread-safe: searches share a read lock, changes take the write lock.
 */
public final class FlatIndex implements VectorIndex {

    private record Entry(Passage passage, float[] vector) {}

    private final VectorShape shape;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** owner -> passage id -> entry; guarded by {@link #lock}. */
    private final Map<String, Map<String, Entry>> byOwner = new HashMap<>();

    public FlatIndex(int dimensions) {
        this.shape = new VectorShape(dimensions);
    }

    @Override
    public void add(List<Passage> passages, List<float[]> vectors) {
        shape.checkBatch(passages, vectors);
        lock.writeLock().lock();
        try {
            for (int i = 0; i < passages.size(); i++) {
                Passage passage = passages.get(i);
                byOwner.computeIfAbsent(passage.owner(), owner -> new HashMap<>())
                        .put(passage.id(), new Entry(passage, vectors.get(i).clone()));
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void deleteDocument(String owner, String documentId) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(documentId, "documentId");
        lock.writeLock().lock();
        try {
            Map<String, Entry> entries = byOwner.get(owner);
            if (entries != null) {
                entries.values().removeIf(e -> e.passage().documentId().equals(documentId));
                if (entries.isEmpty()) {
                    byOwner.remove(owner);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean holds(String owner) {
        lock.readLock().lock();
        try {
            return !byOwner.getOrDefault(owner, Map.of()).isEmpty();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<ScoredPassage> search(String owner, String query, float[] queryVector, int k) {
        return scan(owner, query, queryVector, k, passage -> true);
    }

    @Override
    public List<ScoredPassage> searchWithin(
            String owner, Set<String> documentIds, String query, float[] queryVector, int k) {
        Set<String> within = Set.copyOf(documentIds);
        return scan(owner, query, queryVector, k, passage -> within.contains(passage.documentId()));
    }

    private List<ScoredPassage> scan(
            String owner, String query, float[] queryVector, int k, java.util.function.Predicate<Passage> keep) {
        shape.checkQuery(owner, query, queryVector, k);
        // min-heap of the best k so far: the weakest is evicted first
        PriorityQueue<ScoredPassage> best = new PriorityQueue<>((a, b) -> Double.compare(a.score(), b.score()));
        lock.readLock().lock();
        try {
            for (Entry entry : byOwner.getOrDefault(owner, Map.of()).values()) {
                if (!keep.test(entry.passage())) {
                    continue;
                }
                float score = VectorUtil.dotProduct(queryVector, entry.vector());
                if (best.size() < k) {
                    best.add(new ScoredPassage(entry.passage(), score));
                } else if (score > best.peek().score()) {
                    best.poll();
                    best.add(new ScoredPassage(entry.passage(), score));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        List<ScoredPassage> ranked = new ArrayList<>(best);
        ranked.sort((a, b) -> Double.compare(b.score(), a.score()));
        return List.copyOf(ranked);
    }
}
