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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Step 4: the expertise the answer speaks from. Rules only and deterministic. Each expertise has
 * two vocabularies: strong cues, the terms that ask for its kind of judgement ("side effects",
 * "copyright", "effect size"), and weak cues, the subjects it often deals with ("disease",
 * "data"). A topic alone does not make an expert: a question about sleep is a clinician's only
 * when it asks about patients, treatments or doses. The message's intent adds its share, more for
 * an expertise that serves few intents, and settles ties. The research librarian, who points to the
 * library's sources, is the default when nothing fits.
 *
 * <p>Accuracy on a labelled set of questions, and how these rules came about: docs/benchmarks.md.
 */
final class ExpertAgent {

    static final String STEP = "expertise";

    /**
     * One entry of the catalogue.
     *
     * @param strong terms that ask for this expertise's judgement; each distinct one counts 2
     * @param weak subjects it often deals with; each distinct one counts 1
     * @param affinity the intents it serves
     */
    record Profile(String id, String label, Pattern strong, Pattern weak, Set<Intent> affinity, String guidance) {

        Profile {
            Objects.requireNonNull(id, "id");
            affinity = Set.copyOf(affinity);
        }
    }

    static final Profile LIBRARIAN = profile(
            "research_librarian",
            "Research librarian",
            "sources?|references?|citations?|cite|bibliograph\\w*|where can i (read|find)|find (me )?(papers|articles"
                    + "|sources|studies|books)|literature (review|search)|key (papers|references|studies|works)"
                    + "|reading list|further reading|overview|(which|what) (papers|articles|documents|studies|books)",
            "papers?|articles?|books?|documents?|(my|our|these|the) (library|notes|files)|literature|journals?"
                    + "|studies|authors?|published|mention\\w*",
            Set.of(Intent.INFORMATION_REQUEST, Intent.ANALYSIS_RESEARCH),
            "Answer as a research librarian: point to the best sources, say what each covers, and cite them.");

    static final List<Profile> CATALOGUE = List.of(
            LIBRARIAN,
            profile(
                    "statistician",
                    "Statistician",
                    "statistic\\w*|p-?values?|significan\\w*|(confidence|credible) intervals?|sample sizes?"
                            + "|effect sizes?|power analys[ie]s|regression|variance|standard (deviation|error)s?"
                            + "|meta-analys[ie]s|bayes\\w*|frequentis\\w*|null hypothes[ie]s|hypothesis tests?"
                            + "|odds ratios?|(relative|absolute) risks?|multiple comparisons?|false (positive|discovery)"
                            + " rates?|correlation\\w*|causal inference|confound\\w*",
                    "averages?|median|distributions?|probabilit\\w*|samples?|outliers?|bias(es|ed)?|uncertainty"
                            + "|intervals?|random\\w*",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.EDUCATION_LEARNING),
                    "Answer as a statistician: be precise about effect sizes, uncertainty and study design, and"
                            + " flag over-interpretation."),
            profile(
                    "medical_researcher",
                    "Clinician and medical researcher",
                    "clinical trials?|patients?|diagnos\\w*|treatments?|therap(y|ies|eutic)|dos(e|es|age|ing)"
                            + "|medications?|drugs?|side effects?|symptoms?|prognos\\w*|contraindicat\\w*|vaccin\\w*"
                            + "|surger(y|ies)|surgical|prescri\\w*|placebo",
                    "clinical(?! trials?)|diseases?|health|illness\\w*|infections?|cancer|diabetes|insomnia"
                            + "|disorders?|chronic|hospital\\w*|medical|medicine|nurses?|doctors?|physicians?"
                            + "|epidemiolog\\w*|pain",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.INFORMATION_REQUEST),
                    "Answer as a clinician-researcher: weigh clinical evidence by quality, separate established"
                            + " findings from open questions, and never replace a consultation."),
            profile(
                    "software_engineer",
                    "Software engineer",
                    "code|coding|java|javascript|typescript|python|bugs?|compil\\w*|exceptions?|stack ?traces?"
                            + "|null ?pointer\\w*|segfault|docker\\w*|kubernetes|git|github|sql|apis?|http|nginx"
                            + "|deploy\\w*|install\\w*|unit tests?|debug\\w*|npm|maven|pip|scripts?|repositor(y|ies)"
                            + "|error logs?|runtime",
                    "servers?|databases?|config\\w*|functions?|errors?|crash\\w*|software|apps?|quer(y|ies)"
                            + "|command line|terminal|logs?|versions?|branch(es)?",
                    Set.of(Intent.TROUBLESHOOTING, Intent.TECHNICAL_SUPPORT, Intent.TASK_EXECUTION),
                    "Answer as a senior software engineer: give concrete, tested steps, name versions and"
                            + " commands, and explain the likely cause before the fix."),
            profile(
                    "data_scientist",
                    "Data scientist",
                    "datasets?|data ?frames?|pandas|numpy|csv|machine learning|deep learning|neural (network|net)s?"
                            + "|classifiers?|classification|clustering|embeddings?|vector (search|database|index|store)s?"
                            + "|overfit\\w*|underfit\\w*|cross-validation|hyperparameters?|training (set|data)s?"
                            + "|test sets?|feature engineering|recommender\\w*|retrieval-augmented|rag|language models?"
                            + "|llms?|transformers?|precision and recall|missing values|nearest neighbou?rs?"
                            + "|data visuali[sz]\\w*",
                    "models?|features?|predict\\w*|charts?|plots?|visuali[sz]\\w*|data|accuracy|training|labels?"
                            + "|evaluat\\w*|benchmarks?|tables?|trends?|normali[sz]\\w*",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.TASK_EXECUTION),
                    "Answer as a data scientist: be explicit about data, assumptions and validation, and prefer"
                            + " a small worked example."),
            profile(
                    "legal_analyst",
                    "Legal analyst",
                    "laws?|legal\\w*|lawyers?|contracts?|courts?|lawsuits?|sue|suing|regulations?|regulatory|gdpr"
                            + "|hipaa|copyright\\w*|licen[cs]\\w*|fair use|liab\\w*|complian\\w*"
                            + "|intellectual property|patents?|trademarks?|terms of (service|use)|jurisdictions?"
                            + "|legislation|statutes?",
                    "rights|owns?|ownership|permissions?|privacy|personal data|polic(y|ies)|ethic\\w*|consent"
                            + "|agreements?|binding|misconduct",
                    Set.of(Intent.ANALYSIS_RESEARCH, Intent.INFORMATION_REQUEST),
                    "Answer as a legal analyst: explain the rules and how they are usually applied, note that"
                            + " jurisdictions differ, and do not give legal advice."),
            profile(
                    "educator",
                    "Educator",
                    "^(please )?explain\\w*|(can|could|would|will) you (please )?explain|explain\\w* (it )?(to me|like)"
                            + "|teach\\w*|tutorial|lessons?|beginners?|eli5|intuition|(in )?simple terms"
                            + "|walk me through|step by step|quiz\\w*|(?<!machine |deep )learn\\w*|students?|homework"
                            + "|courses?|exams?|flashcards?",
                    "explain\\w*|understand\\w*|examples?|basics|concepts?|introduction|simplest|analog(y|ies)",
                    Set.of(Intent.EDUCATION_LEARNING),
                    "Answer as a patient educator: build from what the learner knows, use one clear example,"
                            + " and check understanding with a short recap."),
            profile(
                    "science_writer",
                    "Science writer",
                    "blog\\w*|press releases?|newsletters?|plain (language|english)|general (audience|public|readers)"
                            + "|lay (audience|readers|summary)|popular (science|articles?)|(an? |my )(essay|story|poem"
                            + "|op-ed)|headlines?|catchy|engaging|rewrite|reword|rephrase|non-?(specialists?|experts?)"
                            + "|without an? (science|scientific) background|audiences?",
                    "write|writing|draft\\w*|summar(y|ies|i[sz]e)|stor(y|ies)|narrative|readers?|paragraphs?|titles?"
                            + "|abstract|tone|clearer|talks?|presentations?|slides",
                    Set.of(Intent.CREATIVE_GENERATION, Intent.CASUAL_CONVERSATION, Intent.TASK_EXECUTION),
                    "Answer as a science writer: be vivid and accurate, keep jargon out, and keep the facts"
                            + " traceable to the sources."));

    /** Relevance of the default when no expertise scores at all. */
    private static final double DEFAULT_RELEVANCE = 0.3;

    private static final int STRONG = 2;
    private static final int WEAK = 1;

    private final Clock clock;

    ExpertAgent(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    StepResult<Expertise> choose(IntentResult intent, String message) {
        Instant started = clock.instant();
        List<Expertise> ranked = rank(intent, message);
        Expertise chosen = ranked.isEmpty() ? expertise(LIBRARIAN, DEFAULT_RELEVANCE) : ranked.getFirst();
        String detail = ranked.isEmpty() ? "rules: default, nothing matched" : "rules: " + chosen.id();
        return new StepResult<>(
                chosen, TraceStep.withoutModel(STEP, Duration.between(started, clock.instant()), Outcome.OK, detail));
    }

    /**
     * Expertises that fit at all, best first. Equal scores go to the one with more strong cues (what
     * is asked weighs more than what is mentioned), then to the one that serves the message's intent,
     * then to catalogue order.
     */
    List<Expertise> rank(IntentResult intent, String message) {
        String text = message.toLowerCase(Locale.ROOT);
        record Scored(Profile profile, double score, long strong) {}
        List<Scored> scored = new ArrayList<>();
        for (Profile profile : CATALOGUE) {
            double score = score(profile, intent, text);
            if (score > 0) {
                scored.add(new Scored(profile, score, distinct(profile.strong(), text)));
            }
        }
        scored.sort(Comparator.comparingDouble(Scored::score)
                .reversed()
                .thenComparing(Comparator.comparingLong(Scored::strong).reversed())
                .thenComparing(s -> !s.profile().affinity().contains(intent.primary())));
        return scored.stream()
                .map(s -> expertise(s.profile(), s.score() / (s.score() + 2)))
                .toList();
    }

    /**
     * Distinct strong cues count 2, weak ones 1; the primary intent adds 1 shared among the intents
     * the expertise serves (an educator serves one, so "learn" weighs fully; a librarian two), the
     * secondary intent half that.
     */
    private static double score(Profile profile, IntentResult intent, String text) {
        double score = STRONG * distinct(profile.strong(), text) + WEAK * distinct(profile.weak(), text);
        double share = 1.0 / profile.affinity().size();
        if (profile.affinity().contains(intent.primary())) {
            score += share;
        }
        if (intent.secondary().filter(profile.affinity()::contains).isPresent()) {
            score += share / 2;
        }
        return score;
    }

    private static long distinct(Pattern cues, String text) {
        return cues.matcher(text).results().map(m -> m.group()).distinct().count();
    }

    private static Expertise expertise(Profile profile, double relevance) {
        return new Expertise(profile.id(), profile.label(), relevance, profile.guidance());
    }

    private static Profile profile(
            String id, String label, String strong, String weak, Set<Intent> affinity, String guidance) {
        return new Profile(id, label, words(strong), words(weak), affinity, guidance);
    }

    /** The alternatives as whole words (or phrases). */
    private static Pattern words(String alternatives) {
        return Pattern.compile("\\b(" + alternatives + ")\\b");
    }
}
