package com.researchassistant.verify;

import com.researchassistant.embed.Embedder;
import com.researchassistant.verify.Statements.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Embeds, while a text is written, what checking it will need: each finished sentence that cites
 * something, and the sentences of each passage the first time it is cited. Through a caching
 * embedder the check at the end then finds them. Only passages that get cited cost anything.
 * One caller at a time (not thread-safe); made by {@link ClaimVerifier#prefetch}.
 */
public final class ClaimPrefetch {

    private final Embedder embedder;
    private final Map<Integer, CitedPassage> passages = new HashMap<>();
    private final Set<Integer> fetched = new HashSet<>();
    private int done;

    ClaimPrefetch(Embedder embedder, List<CitedPassage> sources) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        sources.forEach(s -> passages.putIfAbsent(s.number(), s));
    }

    /**
     * Embeds what the finished sentences of {@code written} (the text so far) need and earlier
     * calls did not embed. The last sentence is left for later: it may not be finished.
     */
    public void accept(String written) {
        List<Statement> statements = Statements.of(written);
        int finished = statements.size() - 1;
        if (finished <= done) {
            return;
        }
        List<CitationMarkers.Marker> markers = CitationMarkers.find(written);
        List<String> texts = new ArrayList<>();
        for (Statement s : statements.subList(done, finished)) {
            boolean cites = false;
            for (CitationMarkers.Marker m : markers) {
                if (m.start() >= s.start() && m.end() <= s.end()) {
                    for (int n : m.numbers()) {
                        cites |= passages.containsKey(n);
                        if (passages.containsKey(n) && fetched.add(n)) {
                            texts.addAll(ClaimVerifier.sentences(passages.get(n)));
                        }
                    }
                }
            }
            if (cites) {
                texts.add(s.plain());
            }
        }
        done = finished;
        if (!texts.isEmpty()) {
            embedder.embedAll(texts);
        }
    }
}
