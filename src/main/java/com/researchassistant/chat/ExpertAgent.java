package com.researchassistant.chat;

import com.researchassistant.chat.TraceStep.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Step 4: the expertise the answer speaks from. Rules only and deterministic: keyword matches in
 * the message plus the affinity of the expertise with the message's intents. The research
 * librarian is the default when nothing fits.
 */
final class ExpertAgent {

    static final String STEP = "expertise";

    /** One entry of the catalogue. */
    record Profile(String id, String label, Pattern keywords, Set<Intent> affinity, String guidance) {

        Profile {
            Objects.requireNonNull(id, "id");
            affinity = Set.copyOf(affinity);
        }
    }

    static final Profile LIBRARIAN = profile("research_librarian", "Research librarian",
            "\\b(sources?|references?|citations?|books?|articles?|papers?|find|where can i read|bibliograph\\w*)\\b",
            Set.of(Intent.INFORMATION_REQUEST, Intent.ANALYSIS_RESEARCH),
            "Answer as a research librarian: point to the best sources, say what each covers, and cite them.");

    static final List<Profile> CATALOGUE = List.of(
            LIBRARIAN,
            profile("statistician", "Statistician",
                    "\\b(statistic\\w*|p-?values?|regression|variance|significan\\w*|confidence intervals?|sample sizes?"
                            + "|effect sizes?|meta-analys[ie]s|bayes\\w*|correlation|hypothesis tests?|power analysis)\\b",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.EDUCATION_LEARNING),
                    "Answer as a statistician: be precise about effect sizes, uncertainty and study design, and"
                            + " flag over-interpretation."),
            profile("medical_researcher", "Clinician and medical researcher",
                    "\\b(clinical|patients?|symptoms?|diagnos\\w*|treatments?|therap\\w*|dos(e|es|age)|medication|drugs?"
                            + "|disease|sleep|health|trials?|vaccines?|cancer|diabetes|blood|brain)\\b",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.INFORMATION_REQUEST),
                    "Answer as a clinician-researcher: weigh clinical evidence by quality, separate established"
                            + " findings from open questions, and never replace a consultation."),
            profile("software_engineer", "Software engineer",
                    "\\b(code|java|python|javascript|bug|compile\\w*|exceptions?|stack ?trace|api|docker|deploy\\w*"
                            + "|install\\w*|config\\w*|server|database|sql|git|library|function|null)\\b",
                    Set.of(Intent.TROUBLESHOOTING, Intent.TECHNICAL_SUPPORT, Intent.TASK_EXECUTION),
                    "Answer as a senior software engineer: give concrete, tested steps, name versions and"
                            + " commands, and explain the likely cause before the fix."),
            profile("data_scientist", "Data scientist",
                    "\\b(datasets?|data ?frames?|csv|pandas|machine learning|models?|features?|training|predict\\w*"
                            + "|classif\\w*|clustering|visuali[sz]\\w*|charts?|tables?)\\b",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.TASK_EXECUTION),
                    "Answer as a data scientist: be explicit about data, assumptions and validation, and prefer"
                            + " a small worked example."),
            profile("legal_analyst", "Legal analyst",
                    "\\b(law|laws|legal\\w*|contracts?|lawsuits?|sue|court|regulations?|gdpr|copyright|licen[cs]\\w*"
                            + "|liabilit\\w*|complian\\w*|rights)\\b",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.INFORMATION_REQUEST),
                    "Answer as a legal analyst: explain the rules and how they are usually applied, note that"
                            + " jurisdictions differ, and do not give legal advice."),
            profile("educator", "Educator",
                    "\\b(explain|teach|learn\\w*|understand|beginner|students?|lesson|intuition|simple terms|example"
                            + "|course|homework|eli5)\\b",
                    Set.of(Intent.EDUCATION_LEARNING),
                    "Answer as a patient educator: build from what the learner knows, use one clear example,"
                            + " and check understanding with a short recap."),
            profile("science_writer", "Science writer",
                    "\\b(write|story|poem|essay|blog|article|summary|summari[sz]e|audience|plain language|press"
                            + "|popular|narrative)\\b",
                    Set.of(Intent.CREATIVE_GENERATION, Intent.CASUAL_CONVERSATION, Intent.TASK_EXECUTION),
                    "Answer as a science writer: be vivid and accurate, keep jargon out, and keep the facts"
                            + " traceable to the sources."));

    /** Relevance of the default when no expertise scores at all. */
    private static final double DEFAULT_RELEVANCE = 0.3;

    private final Clock clock;

    ExpertAgent(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    StepResult<Expertise> choose(IntentResult intent, String message) {
        Instant started = clock.instant();
        List<Expertise> ranked = rank(intent, message);
        Expertise chosen = ranked.isEmpty() ? expertise(LIBRARIAN, DEFAULT_RELEVANCE) : ranked.getFirst();
        String detail = ranked.isEmpty() ? "rules: default, nothing matched" : "rules: " + chosen.id();
        return new StepResult<>(chosen,
                TraceStep.withoutModel(STEP, Duration.between(started, clock.instant()), Outcome.OK, detail));
    }

    /** The second best expertise for the message, for the reasoning's alternatives. */
    Optional<Expertise> runnerUp(IntentResult intent, String message) {
        List<Expertise> ranked = rank(intent, message);
        return ranked.size() < 2 ? Optional.empty() : Optional.of(ranked.get(1));
    }

    /** Expertises that fit at all, best first; ties keep catalogue order. */
    List<Expertise> rank(IntentResult intent, String message) {
        String text = message.toLowerCase(Locale.ROOT);
        List<Expertise> ranked = new ArrayList<>();
        for (Profile profile : CATALOGUE) {
            double score = score(profile, intent, text);
            if (score > 0) {
                ranked.add(expertise(profile, score / (score + 2)));
            }
        }
        ranked.sort(Comparator.comparingDouble(Expertise::relevance).reversed());
        return ranked;
    }

    private static double score(Profile profile, IntentResult intent, String text) {
        double score = profile.keywords().matcher(text).results().map(m -> m.group()).distinct().count();
        if (profile.affinity().contains(intent.primary())) {
            score += 1;
        }
        if (intent.secondary().filter(profile.affinity()::contains).isPresent()) {
            score += 0.5;
        }
        return score;
    }

    private static Expertise expertise(Profile profile, double relevance) {
        return new Expertise(profile.id(), profile.label(), relevance, profile.guidance());
    }

    private static Profile profile(String id, String label, String keywords, Set<Intent> affinity, String guidance) {
        return new Profile(id, label, Pattern.compile(keywords), affinity, guidance);
    }
}
