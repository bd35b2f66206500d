package com.researchassistant.verify;

import com.researchassistant.embed.CachedEmbedder;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.verify.LabelledClaims.Label;
import com.researchassistant.verify.LabelledClaims.Labelled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Measures the claim check with the real embedder: precision and recall of "unsupported" on the
 * hand-labelled sample set and on the set built from BEIR NFCorpus (read from {@code
 * ../shared/reference/beir-nfcorpus}, or the folder given; said clearly when missing), then the
 * time a check adds to the end of an answer, cold and as the chat runs it. A main class, not a
 * test: the command and results are in docs/benchmarks.md. Prints Markdown.
 *
 * <p>Arguments: [embedding model cache dir] [NFCorpus dir] [abstracts, default 150]
 */
final class ClaimCheckBenchmark {

    private static final int ANSWERS = 40;

    private ClaimCheckBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path cache = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("embed-cache");
        Path nfcorpus = args.length > 1 ? Path.of(args[1]) : NfCorpusClaims.DEFAULT;
        int abstracts = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        List<Labelled> samples = LabelledClaims.samples();
        Optional<List<Labelled>> dev = NfCorpusClaims.load(nfcorpus, abstracts, 42);
        if (dev.isEmpty()) {
            System.out.println("> BEIR NFCorpus not found at "
                    + nfcorpus.toAbsolutePath().normalize() + " (nfcorpus.tar.gz): only the sample set is measured.\n");
        }
        try (OnnxEmbedder onnx = OnnxEmbedder.open(cache)) {
            ClaimVerifier verifier = new ClaimVerifier(new CachedEmbedder(onnx, 50_000), Clock.systemUTC());
            quality("sample library, hand-written", samples, verifier);
            dev.ifPresent(set -> quality("BEIR NFCorpus, built by rule", set, verifier));
            List<Labelled> all = new ArrayList<>(samples);
            dev.ifPresent(all::addAll);
            if (dev.isPresent()) {
                quality("both", all, verifier);
            }
            timing(onnx, dev.orElse(samples));
        }
    }

    private record Outcome(Label label, ClaimVerdict verdict) {}

    private static void quality(String name, List<Labelled> set, ClaimVerifier verifier) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Labelled l : set) {
            VerifiedText checked =
                    verifier.verify(l.claim() + " [1]", List.of(new CitedPassage(1, l.passage())), CheckLimits.REPORT);
            outcomes.add(new Outcome(l.label(), checked.verification().claims().getFirst()));
        }
        System.out.printf("### %s: %d claims%n%n", name, set.size());
        System.out.println("| label | n | supported | weak | unsupported |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Label label : Label.values()) {
            Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
            outcomes.stream()
                    .filter(o -> o.label() == label)
                    .forEach(o -> counts.merge(o.verdict().verdict(), 1, Integer::sum));
            int n = counts.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf(
                    "| %s | %d | %d | %d | %d |%n",
                    label.name().toLowerCase(),
                    n,
                    counts.getOrDefault(Verdict.SUPPORTED, 0),
                    counts.getOrDefault(Verdict.WEAK, 0),
                    counts.getOrDefault(Verdict.UNSUPPORTED, 0));
        }
        System.out.println();
        System.out.println("| predicted positive | precision | recall | F1 |");
        System.out.println("|---|---:|---:|---:|");
        row("unsupported", outcomes, o -> o.verdict().verdict() == Verdict.UNSUPPORTED);
        row("weak or unsupported (marked)", outcomes, o -> o.verdict().flagged());
        row(
                "similarity below " + ClaimJudge.UNRELATED + " only (baseline)",
                outcomes,
                o -> o.verdict().similarity() < ClaimJudge.UNRELATED);
        System.out.println();
        Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
        outcomes.forEach(o -> reasons.merge(o.verdict().reason(), 1, Integer::sum));
        System.out.println("Reasons: " + reasons + "\n");
    }

    private static void row(String name, List<Outcome> outcomes, java.util.function.Predicate<Outcome> flagged) {
        long tp = outcomes.stream()
                .filter(o -> flagged.test(o) && o.label().unsupported())
                .count();
        long fp = outcomes.stream()
                .filter(o -> flagged.test(o) && !o.label().unsupported())
                .count();
        long fn = outcomes.stream()
                .filter(o -> !flagged.test(o) && o.label().unsupported())
                .count();
        double p = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        double r = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        System.out.printf(
                "| %s | %.3f (%d/%d) | %.3f (%d/%d) | %.3f |%n",
                name, p, tp, tp + fp, r, tp, tp + fn, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    /**
     * Answers of eight sentences (six cited, two uncited, one with a figure) over five passages of
     * the set, checked with {@link CheckLimits#ANSWER}: cold (nothing embedded before), and as the
     * chat runs it (a prefetch fed the text at each sentence end while it streams, so the check
     * at the end embeds the last sentence only).
     */
    private static void timing(OnnxEmbedder onnx, List<Labelled> set) {
        List<String> passages = set.stream().map(Labelled::passage).distinct().toList();
        Random random = new Random(7);
        String[] modes = {"cold: nothing embedded before the end", "as in chat: prefetched while streaming"};
        long[][] millis = new long[modes.length][ANSWERS];
        long[] prefetch = new long[ANSWERS];
        int[] unchecked = new int[modes.length];
        for (int round = -5; round < ANSWERS; round++) {
            List<CitedPassage> sources = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                sources.add(new CitedPassage(n, passages.get(random.nextInt(passages.size()))));
            }
            String answer = answer(sources, random);
            for (int mode = 0; mode < modes.length; mode++) {
                ClaimVerifier verifier = new ClaimVerifier(new CachedEmbedder(onnx, 10_000), Clock.systemUTC());
                Instant t0 = Instant.now();
                if (mode == 1) {
                    ClaimPrefetch ahead = verifier.prefetch(sources);
                    for (int end = answer.indexOf(". "); end >= 0; end = answer.indexOf(". ", end + 1)) {
                        ahead.accept(answer.substring(0, end + 2));
                    }
                }
                Instant t1 = Instant.now();
                VerifiedText checked = verifier.verify(answer, sources, CheckLimits.ANSWER);
                Instant t2 = Instant.now();
                if (round >= 0) {
                    millis[mode][round] = Duration.between(t1, t2).toMillis();
                    unchecked[mode] += checked.verification().unchecked();
                    if (mode == 1) {
                        prefetch[round] = Duration.between(t0, t1).toMillis();
                    }
                }
            }
        }
        System.out.printf(
                "### Time added to the end of an answer (%d answers of 8 sentences over 5 passages, budget %d ms)%n%n",
                ANSWERS, CheckLimits.ANSWER.budget().toMillis());
        System.out.println("| check | p50 ms | p95 ms | max ms | cited sentences left unchecked |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (int mode = 0; mode < modes.length; mode++) {
            System.out.printf(
                    "| %s | %s | %d of %d |%n", modes[mode], percentiles(millis[mode]), unchecked[mode], ANSWERS * 6);
        }
        System.out.printf(
                "%nPrefetch while streaming (off the answer's path), per answer: %s ms (p50 | p95 | max)%n",
                percentiles(prefetch));
    }

    private static String percentiles(long[] values) {
        long[] m = values.clone();
        Arrays.sort(m);
        return m[m.length / 2] + " | " + m[(int) Math.ceil(m.length * 0.95) - 1] + " | " + m[m.length - 1];
    }

    private static String answer(List<CitedPassage> sources, Random random) {
        StringBuilder text = new StringBuilder("Here is what your library says.\n\n");
        for (int i = 0; i < 6; i++) {
            CitedPassage source = sources.get(random.nextInt(sources.size()));
            List<String> sentences = ClaimVerifier.sentences(source);
            String sentence = NfCorpusClaims.shorten(sentences.get(random.nextInt(sentences.size())));
            String body = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
            text.append(i == 3 ? "\n\n- " : i > 3 ? "\n- " : " ")
                    .append(body)
                    .append(" [")
                    .append(source.number())
                    .append("].");
        }
        return text.append("\n\nOverall, about 40 % of these findings come from small studies. More work is needed.")
                .toString();
    }
}
