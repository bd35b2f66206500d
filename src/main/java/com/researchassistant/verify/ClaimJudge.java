package com.researchassistant.verify;

import com.researchassistant.verify.Evidence.Closest;
import com.researchassistant.verify.Figures.Figure;
import com.researchassistant.verify.Statements.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The verdict on one sentence from its evidence, strongest evidence first: a figure the cited
 * passages do not state makes it unsupported, as do a similarity below {@link #UNRELATED}, a
 * closest sentence saying the opposite, and a loose match (below {@link #SUPPORTED}) naming
 * something the passages do not mention; a loose match alone, or a close one naming such a thing,
 * makes it weak.
 */
final class ClaimJudge {

    /** Below this similarity to every sentence of its passages, a claim is about something else. */
    static final double UNRELATED = 0.45;
    /** From this similarity on, a claim with its figures and names in the passage is supported. */
    static final double SUPPORTED = 0.65;
    /** Quotes in notes are cut to about this many characters. */
    private static final int QUOTE_CHARS = 160;

    private ClaimJudge() {}

    /** What a cited sentence is judged on: its passages, the closest sentence in them, how it is quoted. */
    private record Facts(
            Statement claim,
            List<Integer> sources,
            List<Integer> known,
            Optional<Closest> closest,
            double similarity,
            String cites,
            String quote) {}

    /** The verdict on a sentence citing {@code sources}, whose vectors {@code evidence} holds. */
    static ClaimVerdict cited(Statement claim, List<Integer> sources, Evidence evidence) {
        List<Integer> known =
                sources.stream().filter(n -> evidence.passage(n) != null).toList();
        Optional<Closest> found = evidence.closest(claim, known);
        Facts f = new Facts(
                claim,
                sources,
                known,
                found,
                found.map(Closest::similarity).orElse(0.0),
                cites(known),
                found.map(c -> " Closest in " + cite(c.source()) + ": “" + clip(c.sentence()) + "”")
                        .orElse(""));
        return againstTheSource(f, evidence).orElseGet(() -> byWording(f, evidence));
    }

    /** Unsupported on strong evidence: figures it lacks, nothing close, or the closest saying the opposite. */
    private static Optional<ClaimVerdict> againstTheSource(Facts f, Evidence evidence) {
        List<String> unstated = unstated(f.claim().plain(), f.known(), evidence);
        if (!unstated.isEmpty()) {
            return Optional.of(verdict(
                    f,
                    Verdict.UNSUPPORTED,
                    Reason.NUMBERS_DIFFER,
                    f.cites() + " " + String.join("; ", unstated) + "." + f.quote()));
        }
        if (f.similarity() < UNRELATED) {
            return Optional.of(verdict(
                    f, Verdict.UNSUPPORTED, Reason.UNRELATED, "Nothing in " + f.cites() + " says this." + f.quote()));
        }
        return f.closest()
                .filter(c -> Wording.opposes(f.claim().plain(), c.sentence()))
                .map(c -> verdict(
                        f,
                        Verdict.UNSUPPORTED,
                        Reason.CONTRADICTS,
                        cite(c.source()) + " says otherwise: “" + clip(c.sentence()) + "”"));
    }

    /** On the subject: how closely it says the same, and whether it names what the source does not. */
    private static ClaimVerdict byWording(Facts f, Evidence evidence) {
        List<String> missing = Wording.unmentioned(
                f.claim().plain(), f.known().stream().map(evidence::lowerText).collect(Collectors.joining("\n")));
        String names = String.join(", ", missing);
        boolean close = f.similarity() >= SUPPORTED;
        if (!close && !missing.isEmpty()) {
            return verdict(
                    f,
                    Verdict.UNSUPPORTED,
                    Reason.TERMS_MISSING,
                    f.cites() + " does not mention " + names + " and does not clearly say this." + f.quote());
        }
        if (!close) {
            return verdict(
                    f,
                    Verdict.WEAK,
                    Reason.LOOSE_MATCH,
                    f.cites() + " is on the subject but does not clearly say this." + f.quote());
        }
        if (!missing.isEmpty()) {
            return verdict(
                    f, Verdict.WEAK, Reason.TERMS_MISSING, f.cites() + " does not mention " + names + "." + f.quote());
        }
        return verdict(f, Verdict.SUPPORTED, Reason.MATCHES, "Supported by " + f.cites() + ".");
    }

    private static ClaimVerdict verdict(Facts f, Verdict verdict, Reason reason, String note) {
        return verdict(f.claim(), f.sources(), verdict, reason, f.similarity(), note);
    }

    /** The verdict on an uncited sentence of a text with sources: only when it states figures. */
    static Optional<ClaimVerdict> uncited(Statement claim, Evidence evidence) {
        List<Figure> figures =
                Figures.of(claim.plain()).stream().filter(Figure::significant).toList();
        if (figures.isEmpty()) {
            return Optional.empty();
        }
        String written = figures.stream().map(Figure::written).distinct().collect(Collectors.joining(", "));
        for (int n : evidence.numbers()) {
            List<Figure> stated = evidence.figures(n);
            if (figures.stream().allMatch(f -> Figures.unstated(f, stated).isEmpty())) {
                return Optional.of(verdict(
                        claim,
                        List.of(),
                        Verdict.WEAK,
                        Reason.UNCITED_FIGURES,
                        0,
                        "States figures (" + written + ") without a citation; " + cite(n) + " gives them."));
            }
        }
        return Optional.of(verdict(
                claim,
                List.of(),
                Verdict.UNSUPPORTED,
                Reason.UNCITED_FIGURES,
                0,
                "States figures (" + written + ") without a citation, and no source gives them."));
    }

    /** How the cited passages miss the claim's figures, empty when they state them all. */
    private static List<String> unstated(String plain, List<Integer> sources, Evidence evidence) {
        List<Figure> stated = new ArrayList<>();
        sources.forEach(n -> stated.addAll(evidence.figures(n)));
        List<String> unstated = new ArrayList<>();
        for (Figure f : Figures.of(plain)) {
            if (f.significant()) {
                Figures.unstated(f, stated).ifPresent(unstated::add);
            }
        }
        return unstated;
    }

    private static ClaimVerdict verdict(
            Statement claim, List<Integer> sources, Verdict verdict, Reason reason, double similarity, String note) {
        return new ClaimVerdict(
                claim.start(), claim.end(), sources, verdict, reason, note, Math.round(similarity * 1000) / 1000.0);
    }

    private static String cites(List<Integer> numbers) {
        return numbers.isEmpty()
                ? "the source"
                : numbers.stream().map(ClaimJudge::cite).collect(Collectors.joining(" and "));
    }

    private static String cite(int n) {
        return "[" + n + "]";
    }

    private static String clip(String s) {
        if (s.length() <= QUOTE_CHARS) {
            return s;
        }
        int cut = s.lastIndexOf(' ', QUOTE_CHARS - 1);
        return s.substring(0, cut > QUOTE_CHARS / 2 ? cut : QUOTE_CHARS - 1).strip() + "…";
    }
}
