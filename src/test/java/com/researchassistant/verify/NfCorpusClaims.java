package com.researchassistant.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.researchassistant.text.Sentences;
import com.researchassistant.verify.Figures.Figure;
import com.researchassistant.verify.LabelledClaims.Label;
import com.researchassistant.verify.LabelledClaims.Labelled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Labelled claims built mechanically from BEIR NFCorpus (a development set: the rules below are
 * fixed, nothing is fitted to its vocabulary). Each chosen abstract gives a passage (its first
 * sentences, up to {@value #PASSAGE_CHARS} characters, like a library chunk) and up to four claims
 * citing it:
 * <ul>
 *   <li>supported: one of its sentences, shortened (section label and parentheses dropped);
 *   <li>numbers: a shortened sentence with one figure scaled by 0.5-2 (a value the passage lacks);
 *   <li>contradicted: a shortened sentence with its first direction word swapped for its opposite,
 *       a "not" dropped, or a "not" added after its first auxiliary verb;
 *   <li>unrelated: a sentence of another abstract judged relevant to the same query (same topic).
 * </ul>
 * The supported claims are near-verbatim, so the false alarms measured here are a lower bound;
 * the hand-written sample set has real paraphrases.
 */
final class NfCorpusClaims {

    static final Path DEFAULT = Path.of("../shared/reference/beir-nfcorpus");
    private static final int PASSAGE_CHARS = 900;
    private static final int MIN_WORDS = 8;
    private static final Pattern LABEL = Pattern.compile("^[A-Z][A-Z /&]+:\\s*");
    private static final Pattern PARENS = Pattern.compile("\\s*\\([^()]*\\)");
    private static final Pattern AUXILIARY = Pattern.compile(
            "\\b(was|were|is|are|did|does|do|can|could|may|might|should|will|would)\\s+(?!not\\b)(?=[a-z])");
    private static final Map<String, String> FLIPS = flips();

    private final Random random;
    private final Map<String, Abstract> docs;
    private final Map<String, List<String>> queriesOf = new HashMap<>();
    private final Map<String, List<String>> docsOf = new HashMap<>();

    private record Abstract(String id, String passage, List<String> sentences) {}

    private NfCorpusClaims(Map<String, Abstract> docs, Path qrels, long seed) throws IOException {
        this.docs = docs;
        this.random = new Random(seed);
        for (String line : Files.readAllLines(qrels)) {
            String[] f = line.strip().split("\t");
            if (f.length < 3 || !docs.containsKey(f[1])) {
                continue;
            }
            queriesOf.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
            docsOf.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
        }
    }

    /** The set from {@code dir} (holding nfcorpus.tar.gz), or empty when it is not there. */
    static Optional<List<Labelled>> load(Path dir, int abstracts, long seed) {
        Path archive = dir.resolve("nfcorpus.tar.gz");
        if (!Files.isRegularFile(archive)) {
            return Optional.empty();
        }
        try {
            Path unpacked = Files.createTempDirectory("nfcorpus");
            Process tar = new ProcessBuilder(
                            "tar", "xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString())
                    .inheritIO()
                    .start();
            if (tar.waitFor() != 0) {
                throw new IllegalStateException("tar could not unpack " + archive);
            }
            NfCorpusClaims builder = new NfCorpusClaims(
                    read(unpacked.resolve("corpus.jsonl")), unpacked.resolve("qrels/test.tsv"), seed);
            return Optional.of(builder.build(abstracts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Abstract> read(Path corpus) throws IOException {
        JsonMapper json = new JsonMapper();
        Map<String, Abstract> docs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(corpus)) {
            JsonNode doc = json.readTree(line);
            List<String> sentences = new ArrayList<>();
            StringBuilder passage = new StringBuilder();
            for (String s : Sentences.split(doc.path("text").asText())) {
                if (passage.length() + s.length() > PASSAGE_CHARS && sentences.size() >= 3) {
                    break;
                }
                passage.append(passage.isEmpty() ? "" : " ").append(s);
                sentences.add(s);
            }
            if (sentences.size() >= 3) {
                String id = doc.path("_id").asText();
                docs.put(id, new Abstract(id, passage.toString(), sentences));
            }
        }
        return docs;
    }

    private List<Labelled> build(int abstracts) {
        List<String> ids = new ArrayList<>(queriesOf.keySet());
        Collections.sort(ids);
        Collections.shuffle(ids, random);
        List<Labelled> set = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(abstracts, ids.size()))) {
            Abstract doc = docs.get(id);
            List<String> claims = doc.sentences().stream()
                    .map(NfCorpusClaims::shorten)
                    .filter(s -> s.split("\\s+").length >= MIN_WORDS)
                    .toList();
            if (claims.isEmpty()) {
                continue;
            }
            String origin = "NFCorpus " + id;
            set.add(new Labelled(Label.SUPPORTED, pick(claims), doc.passage(), origin));
            changedFigure(claims, doc.passage())
                    .ifPresent(c -> set.add(new Labelled(Label.NUMBERS, c, doc.passage(), origin)));
            flipped(claims).ifPresent(c -> set.add(new Labelled(Label.CONTRADICTED, c, doc.passage(), origin)));
            neighbour(id).ifPresent(c -> set.add(new Labelled(Label.UNRELATED, c, doc.passage(), origin)));
        }
        return set;
    }

    static String shorten(String sentence) {
        String s = LABEL.matcher(sentence).replaceFirst("");
        String before;
        do {
            before = s;
            s = PARENS.matcher(s).replaceAll("");
        } while (!s.equals(before));
        return s.strip();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private Optional<String> changedFigure(List<String> claims, String passage) {
        List<Figure> stated = Figures.of(passage);
        List<String> withFigures = claims.stream()
                .filter(c -> Figures.of(c).stream().anyMatch(NfCorpusClaims::changeable))
                .toList();
        if (withFigures.isEmpty()) {
            return Optional.empty();
        }
        String claim = pick(withFigures);
        List<Figure> figures =
                Figures.of(claim).stream().filter(NfCorpusClaims::changeable).toList();
        Figure f = pick(figures);
        double[] factors = {0.5, 0.6, 1.4, 1.5, 2.0};
        for (int attempt = 0; attempt < factors.length; attempt++) {
            BigDecimal changed = f.value()
                    .multiply(BigDecimal.valueOf(factors[random.nextInt(factors.length)]))
                    .setScale(f.decimals(), RoundingMode.HALF_UP);
            Figure as = new Figure(changed, f.decimals(), f.unit(), false, changed.toPlainString());
            if (changed.compareTo(f.value()) != 0
                    && Figures.unstated(as, stated).isPresent()) {
                String digits =
                        f.value().setScale(f.decimals(), RoundingMode.HALF_UP).toPlainString();
                int at = claim.indexOf(digits);
                if (at >= 0) {
                    return Optional.of(
                            claim.substring(0, at) + changed.toPlainString() + claim.substring(at + digits.length()));
                }
            }
        }
        return Optional.empty();
    }

    /** A figure the numbers label can scale: significant, written without thousands separators. */
    private static boolean changeable(Figure f) {
        return f.significant() && !f.written().contains(",");
    }

    private Optional<String> flipped(List<String> claims) {
        List<String> shuffled = new ArrayList<>(claims);
        Collections.shuffle(shuffled, random);
        for (String claim : shuffled) {
            Matcher word = Pattern.compile("\\b(" + String.join("|", FLIPS.keySet()) + ")\\b")
                    .matcher(claim);
            if (word.find()) {
                return Optional.of(
                        claim.substring(0, word.start()) + FLIPS.get(word.group()) + claim.substring(word.end()));
            }
            int not = claim.indexOf(" not ");
            if (not >= 0) {
                return Optional.of(claim.substring(0, not) + claim.substring(not + 4));
            }
            Matcher aux = AUXILIARY.matcher(claim);
            if (aux.find()) {
                return Optional.of(claim.substring(0, aux.end()) + "not " + claim.substring(aux.end()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> neighbour(String id) {
        List<String> others = new ArrayList<>();
        for (String query : queriesOf.getOrDefault(id, List.of())) {
            docsOf.getOrDefault(query, List.of()).stream()
                    .filter(d -> !d.equals(id))
                    .forEach(others::add);
        }
        if (others.isEmpty()) {
            return Optional.empty();
        }
        List<String> claims = docs.get(pick(others)).sentences().stream()
                .map(NfCorpusClaims::shorten)
                .filter(s -> s.split("\\s+").length >= MIN_WORDS)
                .toList();
        return claims.isEmpty() ? Optional.empty() : Optional.of(pick(claims));
    }

    private static Map<String, String> flips() {
        Map<String, String> f = new LinkedHashMap<>();
        String[][] pairs = {
            {"increased", "decreased"},
            {"increase", "decrease"},
            {"increases", "decreases"},
            {"higher", "lower"},
            {"more", "less"},
            {"greater", "smaller"},
            {"reduced", "increased"},
            {"reduces", "increases"},
            {"reduce", "increase"},
            {"improved", "worsened"},
            {"positive", "negative"},
            {"positively", "negatively"},
            {"inversely", "positively"},
            {"lowered", "raised"}
        };
        for (String[] p : pairs) {
            f.putIfAbsent(p[0], p[1]);
            f.putIfAbsent(p[1], p[0]);
        }
        return f;
    }
}
