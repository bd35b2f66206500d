package com.researchassistant.research;

import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Reasoning;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.text.Sentences;
import com.researchassistant.verify.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A finished report as a turn of its conversation, like an answer: its text, its numbered
 * sources, its reasoning (the report's main finding, the evidence of each section, what is
 * uncertain) and the trace of its steps, so it can be followed up in chat.
 */
final class ReportTurn {

    /** The profile a research turn is stored with, where chat turns say "mobile" or "desktop". */
    static final String PROFILE = "research";

    static final String INTENT = "research";
    private static final Pattern CITED = Pattern.compile("\\[\\d");
    private static final int SNIPPET_CHARS = 300;

    private ReportTurn() {}

    /** The report as stored: each section under its heading. */
    static String content(List<Section> sections) {
        List<String> parts = new ArrayList<>();
        sections.forEach(section -> parts.add(section.markdown()));
        return String.join("\n\n", parts);
    }

    /** @param firstTextMillis when the report's first text went out, after the job's start; -1 if none did */
    static NewTurn of(
            String content,
            NewTurn.Status status,
            String model,
            Progress progress,
            Meter meter,
            List<TraceStep> trace,
            long firstTextMillis,
            Verification citations) {
        Meter.Spent spent = meter.spent();
        List<Source> sources =
                progress.sources().stream().map(ReportTurn::source).toList();
        AnswerTrace answerTrace = new AnswerTrace(
                INTENT,
                1.0,
                "",
                INTENT,
                1.0,
                trace,
                reasoning(progress, meter),
                List.of(),
                new AnswerTrace.Timing(spent.elapsedMillis(), firstTextMillis));
        return new NewTurn(
                NewTurn.Role.ASSISTANT,
                content,
                status,
                model,
                PROFILE,
                (int) spent.promptTokens(),
                (int) spent.completionTokens(),
                spent.elapsedMillis(),
                sources,
                answerTrace,
                citations);
    }

    static Source source(ReportSource s) {
        List<String> where = new ArrayList<>();
        if (!s.authors().isEmpty()) {
            where.add(s.authors().size() > 2 ? s.authors().getFirst() + " et al." : String.join(" and ", s.authors()));
        }
        if (s.year() > 0) {
            where.add(Integer.toString(s.year()));
        }
        if (!s.venue().isBlank()) {
            where.add(s.venue());
        }
        String id = s.kind().equals(ReportSource.LIBRARY) ? s.documentId() : s.link();
        String snippet = s.abstractText().length() > SNIPPET_CHARS
                ? s.abstractText().substring(0, SNIPPET_CHARS) + "…"
                : s.abstractText();
        return new Source(s.number(), s.kind(), id, s.title(), String.join(", ", where), snippet, s.score());
    }

    private static Reasoning reasoning(Progress progress, Meter meter) {
        List<Section> findings = progress.sections().stream()
                .filter(s -> s.kind().equals(Section.FINDINGS))
                .toList();
        List<String> evidence = new ArrayList<>();
        int cited = 0;
        for (Section section : findings) {
            boolean cites = CITED.matcher(section.text()).find();
            cited += cites ? 1 : 0;
            evidence.add(section.title() + " — "
                    + (cites ? Sentences.first(section.text().replaceFirst("^>\\s*", "")) : "no source addressed it"));
        }
        List<String> uncertainty = new ArrayList<>(meter.cuts());
        for (Map.Entry<String, String> down : progress.unreachable().entrySet()) {
            uncertainty.add(down.getKey() + " could not be searched (" + down.getValue() + ")");
        }
        long abstracts =
                progress.readHow().values().stream().filter("abstract"::equals).count();
        if (abstracts > 0) {
            uncertainty.add(abstracts + " sources were read from their abstracts only");
        }
        double confidence = findings.isEmpty() ? 0 : 0.9 * cited / findings.size() * (uncertainty.isEmpty() ? 1 : 0.8);
        String hypothesis =
                findings.isEmpty() ? "" : Sentences.first(findings.getFirst().text());
        return new Reasoning(hypothesis, evidence, confidence, List.of(), uncertainty);
    }
}
