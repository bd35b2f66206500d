package com.researchassistant.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pattern checks for the safety review: topics that need a caveat and personal data that should
 * not travel. Instant and deterministic, so they run even when the model review cannot.
 */
final class SafetyRules {

    static final Set<String> CATEGORIES =
            Set.of("medical", "legal", "financial", "personal_data", "unsafe_instructions");

    private record Rule(Pattern pattern, SafetyNote note) {}

    private static final int CI = Pattern.CASE_INSENSITIVE;

    // Self-harm comes before weapons so that its supportive note wins the shared category.
    private static final List<Rule> TOPICS = List.of(
            rule(
                    "\\b(kill(ing)? myself|suicid\\w*|self-?harm\\w*|hurt(ing)? myself|end(ing)? my life|want to die)\\b",
                    "unsafe_instructions",
                    "warning",
                    "If you are thinking about harming yourself, you do not have to face it alone: please reach out to"
                            + " someone you trust or a local crisis line or emergency number now."),
            rule(
                    "\\b(explosives?|bombs?|detonat\\w*|nerve agents?|build a (gun|weapon)|make a (gun|weapon)|weapons?)\\b",
                    "unsafe_instructions",
                    "warning",
                    "This touches on weapons or explosives; the answer gives no instructions that could cause harm."),
            rule(
                    "\\b(dos(e|es|age|ing)|diagnos\\w*|symptoms?|medications?|medicines?|prescri\\w*|side effects?)\\b",
                    "medical",
                    "warning",
                    "This is not medical advice; check doses, diagnoses and treatments with a qualified clinician."),
            rule(
                    "\\b(lawsuits?|sue|suing|contracts?|legal advice|attorney|lawyer|liabilit\\w*)\\b",
                    "legal",
                    "info",
                    "This is general information, not legal advice; rules differ between jurisdictions."),
            rule(
                    "\\b(invest\\w*|stocks?|shares|loans?|mortgages?|tax advice|taxes|crypto\\w*|pension)\\b",
                    "financial",
                    "info",
                    "This is general information, not financial advice; consider your own situation or an adviser."));

    private static final SafetyNote PERSONAL_DATA = new SafetyNote(
            "personal_data",
            "warning",
            "The text contains what looks like personal data (an email, phone number, national id or card"
                    + " number); avoid sharing it.");

    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern PHONE =
            Pattern.compile("(?<![\\d-])(\\+\\d{1,3}[\\s.-]?)?\\(?\\d{3}\\)?[\\s.-]\\d{3}[\\s.-]\\d{4}(?![\\d-])"
                    + "|(?<!\\d)\\+\\d{1,3}(?:[\\s.-]?\\d){8,12}(?!\\d)");
    private static final Pattern NATIONAL_ID =
            Pattern.compile("(?<![\\d-])\\d{3}-\\d{2}-\\d{4}(?![\\d-])|\\b[A-Z]{2}\\d{6}[A-D]\\b");
    private static final Pattern CARD = Pattern.compile("(?<!\\d)(?:\\d[ -]?){12,18}\\d(?!\\d)");

    List<SafetyNote> check(String text) {
        List<SafetyNote> notes = new ArrayList<>();
        for (Rule rule : TOPICS) {
            if (rule.pattern().matcher(text).find()) {
                notes.add(rule.note());
            }
        }
        if (containsPersonalData(text)) {
            notes.add(PERSONAL_DATA);
        }
        return notes;
    }

    static boolean containsPersonalData(String text) {
        return EMAIL.matcher(text).find()
                || PHONE.matcher(text).find()
                || NATIONAL_ID.matcher(text).find()
                || CARD.matcher(text)
                        .results()
                        .anyMatch(m -> luhnValid(m.group().replaceAll("[ -]", "")));
    }

    /** The Luhn checksum card numbers carry; random digit runs fail it nine times in ten. */
    static boolean luhnValid(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static Rule rule(String regex, String category, String severity, String message) {
        return new Rule(Pattern.compile(regex, CI), new SafetyNote(category, severity, message));
    }
}
