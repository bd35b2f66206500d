package com.researchassistant.verify;

import com.researchassistant.embed.Embedder;
import com.researchassistant.verify.Statements.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a text's citations against the passages it was given: removes markers that name no
 * passage, and gives every cited sentence a verdict from the embedding similarity to the closest
 * sentence of its passages and the agreement of its figures, names and direction (see {@link
 * ClaimJudge}); uncited sentences stating figures are flagged when the text had passages.
 *
 * <p>Independent of how the text was produced: chat answers and research reports call {@link
 * #verify} the same way, each with its own {@link CheckLimits}. With a caching {@link
 * Embedder}, a {@link #prefetch} fed the text while it is written leaves little for {@link
 * #verify} to embed. Thread-safe.
 */
public final class ClaimVerifier {

    /** Cited sentences judged together (their passages, then they, are embedded before the next ones). */
    private static final int GROUP = 4;
    /** Texts embedded in one call between looks at the deadline: one a core on the machines this runs on. */
    private static final int STEP = 2;
    /** The most sentences of one passage compared with claims. */
    private static final int PASSAGE_SENTENCES = 60;

    private final Embedder embedder;
    private final Clock clock;

    /** @param clock measures the budget of each check */
    public ClaimVerifier(Embedder embedder, Clock clock) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Something that embeds, while a text citing {@code sources} is written, what {@link #verify}
     * will need, so that little is left for the end (with a caching {@link Embedder}).
     */
    public ClaimPrefetch prefetch(List<CitedPassage> sources) {
        return new ClaimPrefetch(embedder, sources);
    }

    /**
     * Checks {@code text} against {@code sources}, the passages it was given under their citation
     * numbers. Embedding stops once the budget of {@code limits} is spent (a call started before
     * runs to its end: two sentences), and the cited sentences not reached are counted as unchecked.
     */
    public VerifiedText verify(String text, List<CitedPassage> sources, CheckLimits limits) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(limits, "limits");
        Instant deadline = clock.instant().plus(limits.budget());
        Map<Integer, CitedPassage> byNumber = new HashMap<>();
        sources.forEach(s -> byNumber.putIfAbsent(s.number(), s));
        List<CitationEdit> edits = CitationMarkers.edits(text, byNumber.keySet());
        String checked = CitationEdit.apply(text, edits);
        List<Claim> claims = claims(checked);
        Evidence evidence = new Evidence(byNumber);
        List<Claim> cited = claims.stream().filter(c -> !c.sources().isEmpty()).toList();
        Map<Claim, ClaimVerdict> judged =
                judge(cited.subList(0, Math.min(limits.maxClaims(), cited.size())), evidence, deadline);
        List<ClaimVerdict> verdicts = new ArrayList<>();
        for (Claim c : claims) {
            if (judged.containsKey(c)) {
                verdicts.add(judged.get(c));
            } else if (c.sources().isEmpty() && !byNumber.isEmpty()) {
                ClaimJudge.uncited(c.statement(), evidence).ifPresent(verdicts::add);
            }
        }
        return new VerifiedText(checked, new Verification(verdicts, edits, cited.size() - judged.size()));
    }

    private record Claim(Statement statement, List<Integer> sources) {}

    /** The sentences of {@code text}, each with the citation numbers its markers carry. */
    private static List<Claim> claims(String text) {
        List<CitationMarkers.Marker> markers = CitationMarkers.find(text);
        List<Claim> claims = new ArrayList<>();
        for (Statement s : Statements.of(text)) {
            List<Integer> cited = markers.stream()
                    .filter(m -> m.start() >= s.start() && m.end() <= s.end())
                    .flatMap(m -> m.numbers().stream())
                    .distinct()
                    .toList();
            claims.add(new Claim(s, cited));
        }
        return claims;
    }

    /** The verdicts on the cited {@code claims} embedded before the deadline, in groups, in order. */
    private Map<Claim, ClaimVerdict> judge(List<Claim> claims, Evidence evidence, Instant deadline) {
        Map<Claim, ClaimVerdict> judged = new HashMap<>();
        for (int from = 0; from < claims.size(); from += GROUP) {
            List<Claim> group = claims.subList(from, Math.min(from + GROUP, claims.size()));
            if (!embed(group, evidence, deadline)) {
                break;
            }
            group.forEach(c -> judged.put(c, ClaimJudge.cited(c.statement(), c.sources(), evidence)));
        }
        return judged;
    }

    /**
     * Embeds the sentences of the passages {@code group} cites that are not embedded yet, then the
     * claims of {@code group}; false when the deadline passed first.
     */
    private boolean embed(List<Claim> group, Evidence evidence, Instant deadline) {
        Set<Integer> passages = new LinkedHashSet<>();
        group.forEach(c -> passages.addAll(c.sources()));
        for (int n : passages) {
            if (evidence.passage(n) == null || evidence.embedded(n)) {
                continue;
            }
            List<String> sentences = sentences(evidence.passage(n));
            Optional<List<float[]>> vectors = embedBefore(sentences, deadline);
            if (vectors.isEmpty()) {
                return false;
            }
            evidence.addSentences(n, sentences, vectors.get());
        }
        List<String> claims = group.stream().map(c -> c.statement().plain()).toList();
        Optional<List<float[]>> vectors = embedBefore(claims, deadline);
        vectors.ifPresent(v -> {
            for (int i = 0; i < group.size(); i++) {
                evidence.addClaim(group.get(i).statement(), v.get(i));
            }
        });
        return vectors.isPresent();
    }

    /**
     * The vectors of {@code texts}, embedded a few at a time (as many as the embedder works on at
     * once) so that the deadline is overrun by one such call at most; empty when it passed first.
     */
    private Optional<List<float[]>> embedBefore(List<String> texts, Instant deadline) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += STEP) {
            if (!clock.instant().isBefore(deadline)) {
                return Optional.empty();
            }
            vectors.addAll(embedder.embedAll(texts.subList(from, Math.min(from + STEP, texts.size()))));
        }
        return Optional.of(vectors);
    }

    /** The sentences of a passage that are compared with claims; the whole text when it has none. */
    static List<String> sentences(CitedPassage passage) {
        List<String> sentences = Statements.of(passage.text()).stream()
                .map(Statement::plain)
                .distinct()
                .limit(PASSAGE_SENTENCES)
                .toList();
        String whole = Statements.plain(passage.text());
        return sentences.isEmpty() && !whole.isBlank() ? List.of(whole) : sentences;
    }
}
