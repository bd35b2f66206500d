package com.researchassistant.chat;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keyword and pattern scoring per intent: the classifier when no model is configured or the model
 * fails. Each matching cue adds its weight; confidence grows with the margin over the runner-up.
 */
final class IntentRules {

    private record Cue(Pattern pattern, int weight) {}

    private static final Map<Intent, List<Cue>> CUES = cues();

    /** The runner-up counts as a secondary intent when it scores at least this share of the winner. */
    private static final double SECONDARY_SHARE = 0.5;

    IntentResult classify(String message) {
        String text = message.toLowerCase(Locale.ROOT);
        Map<Intent, Integer> scores = new EnumMap<>(Intent.class);
        CUES.forEach((intent, cues) -> scores.put(intent, score(cues, text)));
        Intent first = Intent.INFORMATION_REQUEST;
        Intent second = null;
        for (Intent intent : Intent.values()) {
            if (scores.get(intent) > scores.get(first)) {
                second = first;
                first = intent;
            } else if (intent != first && (second == null || scores.get(intent) > scores.get(second))) {
                second = intent;
            }
        }
        int top = scores.get(first);
        int runnerUp = second == null ? 0 : scores.get(second);
        if (top == 0) {
            // Nothing matched: a plain question is the safest reading.
            return new IntentResult(Intent.INFORMATION_REQUEST, 0.3, Optional.empty(), IntentResult.Method.RULES);
        }
        double margin = (top - runnerUp) / (double) top;
        double confidence = Math.min(0.95, 0.4 + 0.4 * margin + 0.05 * Math.min(top, 3));
        Optional<Intent> secondary =
                runnerUp > 0 && runnerUp >= top * SECONDARY_SHARE ? Optional.of(second) : Optional.empty();
        return new IntentResult(first, confidence, secondary, IntentResult.Method.RULES);
    }

    private static int score(List<Cue> cues, String text) {
        int score = 0;
        for (Cue cue : cues) {
            if (cue.pattern().matcher(text).find()) {
                score += cue.weight();
            }
        }
        return score;
    }

    private static Cue cue(String regex, int weight) {
        return new Cue(Pattern.compile(regex), weight);
    }

    private static Map<Intent, List<Cue>> cues() {
        Map<Intent, List<Cue>> cues = new EnumMap<>(Intent.class);
        cues.put(
                Intent.INFORMATION_REQUEST,
                List.of(
                        cue("^(what|who|when|where|which)\\b", 1),
                        cue(
                                "\\b(what (is|are|was|were)|who (is|was)|when (did|was|is)|where (is|are)|how (many|much))\\b",
                                1),
                        cue("\\b(tell me about|define|definition of|meaning of|facts about|is it true)\\b", 2),
                        cue("\\?\\s*$", 1)));
        cues.put(
                Intent.TASK_EXECUTION,
                List.of(
                        cue("\\bfor me\\b", 2),
                        cue(
                                "\\b(generate|make|create|build|produce) (me )?(a|an|the)? ?(table|list|report|csv|chart|plan|outline|schedule)\\b",
                                3),
                        cue("\\bsummari[sz]e (this|these|the following|it)\\b", 3),
                        cue(
                                "^(please )?(list|summari[sz]e|translate|convert|draft|format|extract|sort|rewrite|reformat|fill)\\b",
                                2),
                        cue("\\b(translate|convert|reformat|draft an? (email|letter|reply))\\b", 2)));
        cues.put(
                Intent.CREATIVE_GENERATION,
                List.of(
                        cue(
                                "\\b(poem|story|stories|haiku|limerick|lyrics|song|fiction|fairy tale|sonnet|slogan|rap)\\b",
                                3),
                        cue("\\b(write|compose|invent|imagine|creative|make up)\\b", 1)));
        cues.put(
                Intent.ANALYSIS_RESEARCH,
                List.of(
                        cue("\\b(compare|comparison|versus|vs\\.?)\\b", 2),
                        cue("\\b(analy[sz]e|analysis|evaluate|assess)\\b", 2),
                        cue(
                                "\\b(evidence|literature|stud(y|ies)|meta-analys[ie]s|systematic review|research|trials?|papers?)\\b",
                                2),
                        cue(
                                "\\b(literature|research|evidence|studies|data) (say|says|show|shows|suggest|suggests)\\b",
                                2),
                        cue("\\b(correlation|effect size|trade-?offs?|pros and cons|findings|data say)\\b", 1)));
        cues.put(
                Intent.CASUAL_CONVERSATION,
                List.of(
                        cue("^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening))\\b", 3),
                        cue("\\b(thanks|thank you|cheers|bye|goodbye|see you)\\b", 3),
                        cue("\\b(how are you|how's it going|nice to meet you|have a (nice|good) (day|one))\\b", 3)));
        cues.put(
                Intent.TROUBLESHOOTING,
                List.of(
                        cue(
                                "\\b(\\w*errors?|\\w*exceptions?|stack ?trace|crash(es|ed|ing)?|bug|broken|freez(es|ing))\\b",
                                3),
                        cue(
                                "\\b(doesn'?t work|does not work|not working|won'?t (start|load|run|open)|keeps? failing)\\b",
                                3),
                        cue("\\b(fail(s|ed|ing)?|fix|wrong|stuck|timeout|timed out)\\b", 1)));
        cues.put(
                Intent.EDUCATION_LEARNING,
                List.of(
                        cue(
                                "\\b(explain|teach me|help me understand|learn|tutorial|lesson|beginner|eli5|quiz me)\\b",
                                3),
                        cue("\\b(how does|how do|why does|why do|what is the difference)\\b", 1),
                        cue("\\b(concept|intuition|in simple terms|step by step|like i'?m (five|5))\\b", 2)));
        cues.put(
                Intent.TECHNICAL_SUPPORT,
                List.of(
                        cue(
                                "\\b(install(ation|ing)?|configur(e|ation|ing)|set ?up|deploy(ment|ing)?|upgrade|update)\\b",
                                3),
                        cue(
                                "\\b(api|docker|sdk|cli|token|password|log ?in|account|settings|permissions?|proxy|port)\\b",
                                2),
                        cue("\\b(version|windows|linux|macos|server|database)\\b", 1)));
        return cues;
    }
}
