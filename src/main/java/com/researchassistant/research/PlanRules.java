package com.researchassistant.research;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plan when the model gives none: the question's own parts (a question asking two things is
 * split where it says so), then standard angles of a literature review on it, each a sub-question
 * whose words also make a good search query.
 */
final class PlanRules {

    private static final Pattern PARTS = Pattern.compile("\\?\\s+|;\\s*|\\n+");
    private static final List<String> ANGLES = List.of(
            "Evidence for and against: %s",
            "Limitations and open questions: %s",
            "Methods and data behind the findings: %s",
            "Alternatives and comparisons: %s",
            "Recent findings: %s",
            "Practical implications: %s",
            "Populations and settings where it applies: %s");

    private PlanRules() {}

    static List<String> subQuestions(String question, int count) {
        String topic = question.strip().replaceAll("\\s+", " ").replaceAll("[?.!]+$", "");
        Set<String> seen = new LinkedHashSet<>();
        List<String> plan = new ArrayList<>();
        for (String part : PARTS.split(question.strip())) {
            String cleaned = part.strip().replaceAll("\\s+", " ");
            if (cleaned.length() >= 8 && plan.size() < count && seen.add(cleaned.toLowerCase(Locale.ROOT))) {
                plan.add(cleaned.endsWith("?") ? cleaned : cleaned.replaceAll("[.!]+$", "") + "?");
            }
        }
        if (plan.isEmpty()) {
            plan.add(topic + "?");
        }
        for (String angle : ANGLES) {
            if (plan.size() >= count) {
                break;
            }
            plan.add(String.format(angle, topic));
        }
        return List.copyOf(plan);
    }
}
