package com.researchassistant.chat;

import com.researchassistant.embed.Embedder;
import com.researchassistant.retrieve.ScoredPassage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers what an answer can cite: the owner's best library passages (hybrid search) and the
 * older turns of the conversation closest in meaning to the new message (semantic memory).
 * A failing library or embedder degrades to less grounding, never to a failed answer.
 */
final class Grounder {

    private static final Logger log = LoggerFactory.getLogger(Grounder.class);
    private static final int SNIPPET_CHARS = 240;

    private final PassageSearch library;
    private final ScopedSearch within;
    /** How many of the newest older turns semantic memory looks at. */
    static final int MEMORY_WINDOW = 200;

    private final Embedder embedder;
    private final GroundingSettings settings;

    private final References references;

    Grounder(PassageSearch library, Embedder embedder, GroundingSettings settings) {
        this(new Knowledge(library, embedder, settings));
    }

    Grounder(Knowledge knowledge) {
        this.library = knowledge.library();
        this.within = knowledge.within();
        this.embedder = knowledge.embedder();
        this.settings = knowledge.settings();
        this.references = knowledge.references();
    }

    /**
     * @param olderTurns turns that are not already in the prompt verbatim
     * @param budgetChars the most text all items may hold together; the best ones are kept
     */
    Grounding ground(String owner, String message, List<Turn> olderTurns, int budgetChars) {
        return ground(owner, LibraryScope.WHOLE, message, olderTurns, budgetChars);
    }

    /** As above, the library passages drawn from {@code scope} only. */
    Grounding ground(String owner, LibraryScope scope, String message, List<Turn> olderTurns, int budgetChars) {
        List<Grounding.Item> items = new ArrayList<>();
        int used = 0;
        List<ScoredPassage> hits = library(owner, scope, message);
        Map<String, Reference> cited = references(owner, hits);
        for (ScoredPassage hit : hits) {
            var p = hit.passage();
            used += p.text().length();
            if (used > budgetChars) {
                break;
            }
            items.add(new Grounding.Item(
                    new Source(
                            items.size() + 1,
                            Source.LIBRARY,
                            p.documentId(),
                            p.documentTitle(),
                            withoutTitle(p.location(), p.documentTitle()),
                            snippet(p.text()),
                            hit.score(),
                            p.ordinal(),
                            cited.getOrDefault(p.documentId(), Reference.NONE)),
                    p.text()));
        }
        for (Recalled r : memory(message, olderTurns)) {
            NewTurn body = r.turn().body();
            used += body.content().length();
            if (used > budgetChars) {
                break;
            }
            String who = body.role() == NewTurn.Role.USER ? "You" : "Assistant";
            items.add(new Grounding.Item(
                    new Source(
                            items.size() + 1,
                            Source.MEMORY,
                            r.turn().id(),
                            "Earlier in this conversation",
                            who + ", message " + r.turn().seq(),
                            snippet(body.content()),
                            r.similarity()),
                    body.content()));
        }
        return new Grounding(items);
    }

    private List<ScoredPassage> library(String owner, LibraryScope scope, String message) {
        if (settings.libraryPassages() == 0
                || (!scope.whole() && scope.documentIds().isEmpty())) {
            return List.of();
        }
        try {
            return scope.whole()
                    ? library.search(owner, message, settings.libraryPassages())
                    : within.searchWithin(owner, scope.documentIds(), message, settings.libraryPassages());
        } catch (RuntimeException e) {
            log.warn("library search failed; answering without the library: {}", e.toString());
            return List.of();
        }
    }

    /** The references of the hits' documents; none when the lookup fails (the answer goes on). */
    private Map<String, Reference> references(String owner, List<ScoredPassage> hits) {
        if (hits.isEmpty()) {
            return Map.of();
        }
        try {
            return references.of(
                    owner,
                    hits.stream().map(h -> h.passage().documentId()).distinct().toList());
        } catch (RuntimeException e) {
            log.warn("reference lookup failed; citing titles only: {}", e.toString());
            return Map.of();
        }
    }

    private record Recalled(Turn turn, double similarity) {}

    private List<Recalled> memory(String message, List<Turn> olderTurns) {
        // Bounded work per message however long the conversation: only the newest turns are
        // candidates (their embeddings are usually cached already).
        List<Turn> window = olderTurns.subList(Math.max(0, olderTurns.size() - MEMORY_WINDOW), olderTurns.size());
        List<Turn> candidates = window.stream()
                .filter(t -> t.body().status() != NewTurn.Status.NOTICE
                        && !t.body().content().isBlank())
                .toList();
        if (candidates.isEmpty() || settings.memoryTurns() == 0) {
            return List.of();
        }
        try {
            List<String> texts = new ArrayList<>();
            texts.add(message);
            candidates.forEach(t -> texts.add(t.body().content()));
            List<float[]> vectors = embedder.embedAll(texts);
            List<Recalled> recalled = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                double similarity = Similarity.cosine(vectors.getFirst(), vectors.get(i + 1));
                if (similarity >= settings.minMemorySimilarity()) {
                    recalled.add(new Recalled(candidates.get(i), similarity));
                }
            }
            recalled.sort(Comparator.comparingDouble(Recalled::similarity).reversed());
            return recalled.subList(0, Math.min(settings.memoryTurns(), recalled.size()));
        } catch (RuntimeException e) {
            log.warn("semantic memory failed; answering from recent turns only: {}", e.toString());
            return List.of();
        }
    }

    /** Heading paths start with the document's own title, which the citation already shows. */
    static String withoutTitle(String location, String title) {
        if (location.equals(title)) {
            return "";
        }
        return location.startsWith(title + " > ") ? location.substring(title.length() + 3) : location;
    }

    static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS - 1) + "…";
    }
}
