package com.researchassistant.chat;

import com.researchassistant.embed.Embedder;
import com.researchassistant.text.Sentences;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers without a language model: the sentences of the grounding closest in meaning to the
 * question, each cited, under a notice saying that this is a retrieval-only answer.
 */
final class ExtractiveAnswerer {

    /** Paragraphs, and the lines of turns written in Markdown that open a list item or a heading. */
    private static final Pattern BLOCK_END = Pattern.compile("\\n\\s*\\n|\\n(?=[-*#])");

    private static final int MIN_SENTENCE_CHARS = 25;
    private static final int MAX_SENTENCE_CHARS = 400;
    private static final int MAX_SENTENCES = 4;
    private static final int MAX_CANDIDATES = 200;

    private final Embedder embedder;
    private final double minSimilarity;

    ExtractiveAnswerer(Embedder embedder, double minSimilarity) {
        this.embedder = embedder;
        this.minSimilarity = minSimilarity;
    }

    private record Candidate(String sentence, int citation, double similarity) {}

    /** The answer text, or empty when the grounding holds nothing close enough to the question. */
    Optional<String> answer(String question, Grounding grounding, String why) {
        List<Candidate> candidates = new ArrayList<>();
        for (Grounding.Item item : grounding.items()) {
            for (String block : BLOCK_END.split(item.text())) {
                for (String sentence : Sentences.split(block)) {
                    String s = sentence.replaceFirst("^[#>*\\-\\s]+", "");
                    if (s.length() >= MIN_SENTENCE_CHARS && candidates.size() < MAX_CANDIDATES) {
                        candidates.add(new Candidate(clip(s), item.source().number(), 0));
                    }
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        texts.add(question);
        candidates.forEach(c -> texts.add(c.sentence()));
        List<float[]> vectors = embedder.embedAll(texts);
        List<Candidate> best = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            double similarity = Similarity.cosine(vectors.getFirst(), vectors.get(i + 1));
            if (similarity >= minSimilarity) {
                best.add(new Candidate(c.sentence(), c.citation(), similarity));
            }
        }
        if (best.isEmpty()) {
            return Optional.empty();
        }
        best.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
        StringBuilder text = new StringBuilder("*Retrieval-only answer:* ")
                .append(why)
                .append(" These are the passages that match your question best:\n\n");
        best.stream()
                .limit(MAX_SENTENCES)
                .forEach(c -> text.append("- ")
                        .append(c.sentence())
                        .append(" [")
                        .append(c.citation())
                        .append("]\n"));
        return Optional.of(text.toString().strip());
    }

    private static String clip(String sentence) {
        return sentence.length() <= MAX_SENTENCE_CHARS ? sentence : sentence.substring(0, MAX_SENTENCE_CHARS - 1) + "…";
    }
}
