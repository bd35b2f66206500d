package com.researchassistant.research;

import com.researchassistant.chat.TraceStep;
import com.researchassistant.embed.Embedder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.util.VectorUtil;

/**
 * Step 3, select: merges the results that are the same work ({@link SourceKeys}), ranks them by
 * how close their title and abstract are in meaning to the question and its sub-questions, and
 * keeps the best the depth may read: first the best for each sub-question, so every section has
 * something to go on, then the best of the rest. Without embeddings it keeps the providers' order.
 */
final class Selector {

    /** Results ranked at most; a deep search can find several hundred. */
    static final int MAX_RANKED = 300;

    private static final int RANK_TEXT_CHARS = 1_000;

    /** The sources kept, numbered from 1 in order of relevance. */
    record Selection(List<ReportSource> selected, int found, int unique, TraceStep step) {
        Selection {
            selected = List.copyOf(selected);
        }
    }

    private final Embedder embedder;
    private final Clock clock;

    Selector(Embedder embedder, Clock clock) {
        this.embedder = embedder;
        this.clock = clock;
    }

    Selection select(String question, List<String> subQuestions, List<ReportSource> found, Meter meter) {
        Instant start = clock.instant();
        List<ReportSource> unique = dedupe(found);
        List<ReportSource> ranked = unique.size() > MAX_RANKED ? unique.subList(0, MAX_RANKED) : unique;
        TraceStep.Outcome outcome = TraceStep.Outcome.OK;
        String how = "ranked by meaning";
        try {
            ranked = rank(question, subQuestions, ranked);
        } catch (RuntimeException e) {
            outcome = TraceStep.Outcome.FALLBACK;
            how = "embeddings failed; kept the providers' order";
        }
        int budget = meter.budget().sourcesRead();
        List<ReportSource> kept = keep(ranked, subQuestions.size(), budget);
        if (unique.size() > kept.size()) {
            meter.cut("Read the " + kept.size() + " most relevant of " + unique.size()
                    + " sources found; the others were left out to stay within the budget of sources read.");
        }
        List<ReportSource> numbered = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            numbered.add(kept.get(i).numbered(i + 1));
        }
        Duration took = Duration.between(start, clock.instant());
        TraceStep step = TraceStep.withoutModel(
                "select",
                took,
                kept.isEmpty() ? TraceStep.Outcome.SKIPPED : outcome,
                found.size() + " found, " + unique.size() + " unique, " + kept.size() + " kept; " + how);
        return new Selection(numbered, found.size(), unique.size(), step);
    }

    /** One entry per work, in the order first found, each completed with what its duplicates knew. */
    static List<ReportSource> dedupe(List<ReportSource> found) {
        List<ReportSource> merged = new ArrayList<>();
        Map<String, Integer> byKey = new HashMap<>();
        for (ReportSource source : found) {
            if (source.title().isBlank()) {
                continue;
            }
            Set<String> keys = SourceKeys.of(source);
            Integer at = keys.stream()
                    .map(byKey::get)
                    .filter(i -> i != null)
                    .findFirst()
                    .orElse(null);
            if (at == null) {
                at = merged.size();
                merged.add(source);
            } else {
                merged.set(at, merged.get(at).merge(source));
            }
            int index = at;
            SourceKeys.of(merged.get(index)).forEach(key -> byKey.putIfAbsent(key, index));
        }
        return merged;
    }

    private List<ReportSource> rank(String question, List<String> subQuestions, List<ReportSource> sources) {
        if (sources.isEmpty()) {
            return sources;
        }
        List<String> texts = new ArrayList<>();
        texts.add(question);
        texts.addAll(subQuestions);
        for (ReportSource source : sources) {
            String text = source.title() + ". " + source.abstractText();
            texts.add(text.length() > RANK_TEXT_CHARS ? text.substring(0, RANK_TEXT_CHARS) : text);
        }
        List<float[]> vectors = embedder.embedAll(texts);
        int queries = 1 + subQuestions.size();
        List<ReportSource> scored = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            float[] vector = vectors.get(queries + i);
            double best = 0;
            for (int q = 1; q < queries; q++) {
                best = Math.max(best, VectorUtil.dotProduct(vectors.get(q), vector));
            }
            double score = 0.5 * VectorUtil.dotProduct(vectors.getFirst(), vector) + 0.5 * best;
            scored.add(sources.get(i).scored(score));
        }
        scored.sort(Comparator.comparingDouble(ReportSource::score).reversed());
        return scored;
    }

    /** The best source of each sub-question first, then the best of the rest, {@code budget} at most. */
    static List<ReportSource> keep(List<ReportSource> ranked, int subQuestions, int budget) {
        Set<ReportSource> kept = new LinkedHashSet<>();
        for (int q = 0; q < subQuestions && kept.size() < budget; q++) {
            for (ReportSource source : ranked) {
                if (source.subQuestions().contains(q) && !kept.contains(source)) {
                    kept.add(source);
                    break;
                }
            }
        }
        for (ReportSource source : ranked) {
            if (kept.size() >= budget) {
                break;
            }
            kept.add(source);
        }
        List<ReportSource> ordered = new ArrayList<>(kept);
        ordered.sort(Comparator.comparingInt(ranked::indexOf));
        return ordered;
    }
}
