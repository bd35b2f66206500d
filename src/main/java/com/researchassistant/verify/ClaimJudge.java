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

    /** The verdict on a sentence citing {@code sources}, whose vectors {@code evidence} holds. */
    static ClaimVerdict cited(Statement claim, List<Integer> sources, Evidence evidence) {
        List<Integer> known = sources.stream().filter(n -> evidence.passage(n) != null).toList();
        Optional<Closest> found = evidence.closest(claim, known);
        double similarity = found.map(Closest::similarity).orElse(0.0);
        String cites = cites(known);
        String quote = found.map(c -> " Closest in " + cite(c.source()) + ": “" + clip(c.sentence()) + "”")
                .orElse("");
        List<String> unstated = unstated(claim.plain(), known, evidence);
        if (!unstated.isEmpty()) {
            return verdict(claim, sources, Verdict.UNSUPPORTED, Reason.NUMBERS_DIFFER, similarity,
                    cites + " " + String.join("; ", unstated) + "." + quote);
        }
        if (similarity < UNRELATED) {
            return verdict(claim, sources, Verdict.UNSUPPORTED, Reason.UNRELATED, similarity,
                    "Nothing in " + cites + " says this." + quote);
        }
        if (found.isPresent() && Wording.opposes(claim.plain(), found.get().sentence())) {
            return verdict(claim, sources, Verdict.UNSUPPORTED, Reason.CONTRADICTS, similarity,
                    cite(found.get().source()) + " says otherwise: “" + clip(found.get().sentence()) + "”");
        }
        List<String> missing = Wording.unmentioned(claim.plain(),
                known.stream().map(evidence::lowerText).collect(Collectors.joining("\n")));
        String names = String.join(", ", missing);
        if (similarity < SUPPORTED && !missing.isEmpty()) {
            return verdict(claim, sources, Verdict.UNSUPPORTED, Reason.TERMS_MISSING, similarity,
                    cites + " does not mention " + names + " and does not clearly say this." + quote);
        }
        if (similarity < SUPPORTED) {
            return verdict(claim, sources, Verdict.WEAK, Reason.LOOSE_MATCH, similarity,
                    cites + " is on the subject but does not clearly say this." + quote);
        }
        if (!missing.isEmpty()) {
            return verdict(claim, sources, Verdict.WEAK, Reason.TERMS_MISSING, similarity,
                    cites + " does not mention " + names + "." + quote);
        }
        return verdict(claim, sources, Verdict.SUPPORTED, Reason.MATCHES, similarity,
                "Supported by " + cites + "." + quote);
    }

    /** The verdict on an uncited sentence of a text with sources: only when it states figures. */
    static Optional<ClaimVerdict> uncited(Statement claim, Evidence evidence) {
        List<Figure> figures = Figures.of(claim.plain()).stream().filter(Figure::significant).toList();
        if (figures.isEmpty()) {
            return Optional.empty();
        }
        String written = figures.stream().map(Figure::written).distinct().collect(Collectors.joining(", "));
        for (int n : evidence.numbers()) {
            List<Figure> stated = evidence.figures(n);
            if (figures.stream().allMatch(f -> Figures.unstated(f, stated).isEmpty())) {
                return Optional.of(verdict(claim, List.of(), Verdict.WEAK, Reason.UNCITED_FIGURES, 0,
                        "States figures (" + written + ") without a citation; " + cite(n) + " gives them."));
            }
        }
        return Optional.of(verdict(claim, List.of(), Verdict.UNSUPPORTED, Reason.UNCITED_FIGURES, 0,
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

    private static ClaimVerdict verdict(Statement claim, List<Integer> sources, Verdict verdict, Reason reason,
            double similarity, String note) {
        return new ClaimVerdict(claim.start(), claim.end(), sources, verdict, reason, note,
                Math.round(similarity * 1000) / 1000.0);
    }

    private static String cites(List<Integer> numbers) {
        return numbers.isEmpty() ? "the source" : numbers.stream().map(ClaimJudge::cite).collect(Collectors.joining(" and "));
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
