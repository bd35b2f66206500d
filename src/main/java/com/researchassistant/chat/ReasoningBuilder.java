package com.researchassistant.chat;

import com.researchassistant.text.Sentences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The reasoning chain shown beside an answer, built from what the pipeline already knows: no model
 * call, deterministic, and honest about what it does not know.
 */
final class ReasoningBuilder {

    private static final Pattern CITATION = Pattern.compile("\\[(\\d+)]");
    /** Headings, table rows and rules. */
    private static final Pattern SKIPPED_LINE = Pattern.compile("^(#{1,6}\\s|\\||([-*_])(\\s*\\2){2,}\\s*$)");
    /** A list item's or a quote's marker. */
    private static final Pattern BLOCK_MARKER = Pattern.compile("^(>\\s*)*([-*+]|\\d{1,9}[.)])\\s+|^(>\\s*)+");
    /** Strong, emphasis and code markers around words. */
    private static final Pattern EMPHASIS =
            Pattern.compile("\\*\\*|__|`|(?<![\\w*])[*_](?=\\S)|(?<=\\S)[*_](?![\\w*])");

    /** The panel beside the answer has room for a handful of evidence lines. */
    private static final int MAX_EVIDENCE = 5;

    /** Documents found but not cited that the alternatives name. */
    private static final int MAX_UNCITED = 3;

    /** Below this the intent reading is worth a caveat. */
    private static final double LOW_INTENT_CONFIDENCE = 0.5;

    Reasoning build(ReasoningInput in) {
        Map<Integer, Source> byNumber =
                in.sources().stream().collect(Collectors.toMap(Source::number, Function.identity(), (a, b) -> a));
        Set<Integer> cited = citedNumbers(in.answer(), byNumber);
        return new Reasoning(
                hypothesis(in),
                evidence(in, byNumber),
                confidence(in, cited.size()),
                alternatives(in, cited),
                uncertainty(in, cited.size()));
    }

    private static String hypothesis(ReasoningInput in) {
        List<String> sentences = sentences(in.answer());
        if (in.origin() == ReasoningInput.Origin.RETRIEVAL_ONLY) {
            // the answer opens with the retrieval-only notice; its first cited sentence is the claim
            for (String sentence : sentences) {
                if (sentence.matches("(?s).*\\[\\d+].*")) {
                    return "The closest passage in the library: " + stripCitations(sentence);
                }
            }
        }
        String first = sentences.isEmpty() ? "" : stripCitations(sentences.getFirst());
        return first.isEmpty() ? "No answer was written for this question." : first;
    }

    /** The sentences of the answer's prose, in order. */
    private static List<String> sentences(String answer) {
        return prose(answer).stream()
                .flatMap(block -> Sentences.split(block).stream())
                .toList();
    }

    /**
     * The answer's paragraphs and list items as plain text: list, quote and emphasis markers
     * dropped; headings, code blocks, tables and rules left out (they make no claims to weigh).
     */
    static List<String> prose(String answer) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        boolean fenced = false;
        for (String raw : answer.split("\\R")) {
            String line = raw.strip();
            boolean fence = line.startsWith("```") || line.startsWith("~~~");
            fenced ^= fence;
            if (fence || fenced || line.isEmpty() || SKIPPED_LINE.matcher(line).find()) {
                endBlock(blocks, block);
                continue;
            }
            Matcher marker = BLOCK_MARKER.matcher(line);
            if (marker.find()) {
                endBlock(blocks, block);
                line = line.substring(marker.end());
            }
            block.append(block.isEmpty() ? "" : " ").append(line);
        }
        endBlock(blocks, block);
        return blocks;
    }

    private static void endBlock(List<String> blocks, StringBuilder block) {
        String text = EMPHASIS.matcher(block).replaceAll("").strip();
        if (!text.isEmpty()) {
            blocks.add(text);
        }
        block.setLength(0);
    }

    private static List<String> evidence(ReasoningInput in, Map<Integer, Source> byNumber) {
        List<String> evidence = new ArrayList<>();
        for (String sentence : sentences(in.answer())) {
            List<Source> sources =
                    citedNumbers(sentence, byNumber).stream().map(byNumber::get).toList();
            if (!sources.isEmpty() && evidence.size() < MAX_EVIDENCE) {
                evidence.add(sentence.replaceFirst("[.!?]+$", "") + " ("
                        + sources.stream().map(ReasoningBuilder::where).collect(Collectors.joining("; ")) + ")");
            }
        }
        if (evidence.isEmpty()) {
            in.sources().stream().limit(MAX_EVIDENCE).forEach(s -> evidence.add(where(s) + " [" + s.number() + "]"));
        }
        return evidence;
    }

    private static double confidence(ReasoningInput in, int citedCount) {
        double support = citedCount > 0
                ? Math.min(citedCount, 3) / 3.0
                : 0.3 * Math.min(in.sources().size(), 3) / 3.0;
        double writer = switch (in.origin()) {
            case MODEL -> 1.0;
            case FALLBACK_MODEL -> 0.8;
            case RETRIEVAL_ONLY -> 0.5;
        };
        double memory = roughMemory(in) ? 0.05 : 0;
        double confidence = 0.3 * in.intent().confidence() + 0.4 * support + 0.3 * writer - memory;
        return Math.round(Math.clamp(confidence, 0.05, 0.95) * 100) / 100.0;
    }

    /**
     * Other ways to take the question, and the documents found for it that the answer left out: a
     * reader weighing the answer may want to read them.
     */
    private static List<String> alternatives(ReasoningInput in, Set<Integer> cited) {
        List<String> alternatives = new ArrayList<>();
        in.intent()
                .secondary()
                .ifPresent(secondary -> alternatives.add(
                        "The question could also be read as a request for " + describe(secondary) + "."));
        if (!cited.isEmpty()) {
            Set<String> citedDocuments = in.sources().stream()
                    .filter(s -> cited.contains(s.number()))
                    .map(ReasoningBuilder::document)
                    .collect(Collectors.toSet());
            in.sources().stream()
                    .filter(s -> s.kind().equals(Source.LIBRARY) && !citedDocuments.contains(document(s)))
                    .collect(Collectors.toMap(ReasoningBuilder::document, s -> s, (a, b) -> a, LinkedHashMap::new))
                    .values()
                    .stream()
                    .limit(MAX_UNCITED)
                    .forEach(s -> alternatives.add(
                            "Found for this question but not cited: " + where(s) + " [" + s.number() + "]."));
        }
        return alternatives;
    }

    private static List<String> uncertainty(ReasoningInput in, int citedCount) {
        List<String> caveats = new ArrayList<>();
        if (in.sources().isEmpty()) {
            caveats.add("No library passages matched, so the answer is not backed by your sources.");
        } else if (citedCount == 0 && in.origin() != ReasoningInput.Origin.RETRIEVAL_ONLY) {
            caveats.add("The answer cites none of the passages found in your library; check its claims against them.");
        }
        switch (in.origin()) {
            case RETRIEVAL_ONLY ->
                caveats.add("No model was available: the answer quotes retrieved passages without interpreting them.");
            case FALLBACK_MODEL ->
                caveats.add("The usual language model was unavailable; a backup model wrote this" + " answer.");
            case MODEL -> {}
        }
        if (roughMemory(in)) {
            caveats.add("The earlier conversation was recalled from the first sentence of each turn, so details from"
                    + " long ago may be missing.");
        }
        if (!in.safetyNotes().isEmpty()) {
            caveats.add("The topic needs care ("
                    + in.safetyNotes().stream()
                            .map(SafetyNote::category)
                            .map(c -> c.replace('_', ' '))
                            .distinct()
                            .collect(Collectors.joining(", "))
                    + "); see the safety notes.");
        }
        if (in.intent().confidence() < LOW_INTENT_CONFIDENCE) {
            caveats.add("The question can be read more than one way; if the answer misses your point, say more about"
                    + " what you need.");
        }
        return caveats;
    }

    /**
     * Whether the summary of older turns had to be made from their first sentences (its model
     * failed): the one stand-in that changes what the answer knows. Rules standing in for the
     * intent or safety models change nothing the reader would see.
     */
    private static boolean roughMemory(ReasoningInput in) {
        return in.trace().stream()
                .anyMatch(s -> s.step().equals(ContextAgent.STEP)
                        && s.fallbackUsed()
                        && s.detail().startsWith("extractive"));
    }

    private static String document(Source source) {
        return source.documentId().isEmpty() ? source.title() : source.documentId();
    }

    private static Set<Integer> citedNumbers(String text, Map<Integer, Source> byNumber) {
        Set<Integer> numbers = new LinkedHashSet<>();
        Matcher matcher = CITATION.matcher(text);
        while (matcher.find()) {
            int number = Integer.parseInt(matcher.group(1));
            if (byNumber.containsKey(number)) {
                numbers.add(number);
            }
        }
        return numbers;
    }

    private static String where(Source source) {
        return source.location().isBlank() ? source.title() : source.title() + ", " + source.location();
    }

    private static String stripCitations(String sentence) {
        return CITATION.matcher(sentence)
                .replaceAll("")
                .replaceAll("\\s+([.,;:!?])", "$1")
                .strip();
    }

    private static String describe(Intent intent) {
        return switch (intent) {
            case INFORMATION_REQUEST -> "information";
            case TASK_EXECUTION -> "a task to be done";
            case CREATIVE_GENERATION -> "creative writing";
            case ANALYSIS_RESEARCH -> "an analysis of the research";
            case CASUAL_CONVERSATION -> "a chat";
            case TROUBLESHOOTING -> "help with a problem";
            case EDUCATION_LEARNING -> "an explanation to learn from";
            case TECHNICAL_SUPPORT -> "technical support";
        };
    }
}
