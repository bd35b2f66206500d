package com.researchassistant.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.embed.CachedEmbedder;
import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.verify.LabelledClaims.Label;
import com.researchassistant.verify.LabelledClaims.Labelled;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdicts with the real MiniLM model on the claims written for this project about the sample
 * library (src/test/resources/verify/sample-claims.tsv): the floors below sit under what
 * docs/benchmarks.md reports, so a change that makes the check worse fails here.
 */
class ClaimVerdictsTest {

    private static final CheckLimits UNHURRIED = new CheckLimits(40, Duration.ofSeconds(60));

    @TempDir
    static Path cacheDir;

    private static OnnxEmbedder onnx;
    private static ClaimVerifier verifier;

    @BeforeAll
    static void open_model() {
        onnx = OnnxEmbedder.open(cacheDir, 2);
        verifier = new ClaimVerifier(new CachedEmbedder(onnx, 5_000), Clock.systemUTC());
    }

    @AfterAll
    static void close_model() {
        onnx.close();
    }

    private record Judged(Label label, ClaimVerdict verdict) {}

    private static Judged judge(Labelled l) {
        VerifiedText checked =
                verifier.verify(l.claim() + " [1]", List.of(new CitedPassage(1, l.passage())), UNHURRIED);
        return new Judged(l.label(), checked.verification().claims().getFirst());
    }

    private static double share(List<Judged> judged, Predicate<Judged> of, Predicate<Judged> which) {
        List<Judged> base = judged.stream().filter(of).toList();
        return (double) base.stream().filter(which).count() / base.size();
    }

    @Test
    void flags_what_its_source_does_not_say_and_leaves_what_it_says() {
        // when
        List<Judged> judged =
                LabelledClaims.samples().stream().map(ClaimVerdictsTest::judge).toList();

        // then
        Predicate<Judged> unsupported = j -> j.verdict().verdict() == Verdict.UNSUPPORTED;
        assertThat(share(judged, unsupported, j -> j.label().unsupported()))
                .as("precision of unsupported")
                .isGreaterThanOrEqualTo(0.95);
        assertThat(share(judged, j -> j.label().unsupported(), unsupported))
                .as("recall of unsupported")
                .isGreaterThanOrEqualTo(0.65);
        assertThat(share(judged, j -> j.label() == Label.NUMBERS, unsupported))
                .as("changed figures caught")
                .isGreaterThanOrEqualTo(0.85);
        assertThat(share(
                        judged,
                        j -> j.label() == Label.UNRELATED,
                        j -> j.verdict().flagged()))
                .as("unrelated claims marked")
                .isGreaterThanOrEqualTo(0.95);
        assertThat(share(
                        judged,
                        j -> j.label() == Label.SUPPORTED,
                        j -> j.verdict().flagged()))
                .as("supported claims marked anyway")
                .isLessThanOrEqualTo(0.1);
    }

    @Test
    void says_why_in_words_quoting_the_closest_sentence() {
        // given
        String passage = LabelledClaims.section("statistical-power-and-sample-size.md", "The four linked quantities");

        // when
        ClaimVerdict changed = judge(new Labelled(
                        Label.NUMBERS,
                        "Detecting d = 0.5 with 80 % power at alpha = 0.05 needs about 46 participants per group.",
                        passage,
                        ""))
                .verdict();
        ClaimVerdict paraphrase = judge(new Labelled(
                        Label.SUPPORTED,
                        "With 80 % power at alpha = 0.05, detecting d = 0.5 takes about 64 people in each group.",
                        passage,
                        ""))
                .verdict();

        // then
        assertThat(changed.verdict()).isEqualTo(Verdict.UNSUPPORTED);
        assertThat(changed.note())
                .startsWith("[1] does not give 46.")
                .contains("needs about 64 participants per group");
        assertThat(paraphrase.verdict()).isEqualTo(Verdict.SUPPORTED);
    }
}
