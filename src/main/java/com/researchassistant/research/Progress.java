package com.researchassistant.research;

import com.researchassistant.chat.TraceStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How far a research job got: its checkpoint, written after each step and each section, from
 * which a run after a restart goes on (the plan, the selected sources and the finished sections
 * are kept; the sources are read again, since the job's index lived in memory). Also what the
 * job's status shows while it runs, and the report once it is stored.
 *
 * @param stage the next step to do: "plan", "search", "read", "write", or "done" once stored
 * @param questionTurnId the stored question's turn, "" before it is stored or without a conversation
 * @param readHow how each source was read ("full_text", "abstract", "library", "title_only"), by number
 * @param turnId the stored report's turn, "" until it is stored
 * @param status "complete", "partial" (stopped) or "notice" (nothing to report), "" until stored
 * @param content the report as stored, "" until then
 */
record Progress(
        String stage,
        String questionTurnId,
        List<String> plan,
        String planMethod,
        int found,
        int unique,
        List<ReportSource> sources,
        Map<String, String> unreachable,
        Map<Integer, String> readHow,
        List<Section> sections,
        Meter.Spent spent,
        List<String> cuts,
        List<TraceStep> trace,
        String turnId,
        String status,
        String content) {

    static final String PLAN = "plan";
    static final String SEARCH = "search";
    static final String READ = "read";
    static final String WRITE = "write";
    static final String DONE = "done";

    Progress {
        Objects.requireNonNull(stage, "stage");
        questionTurnId = Objects.requireNonNullElse(questionTurnId, "");
        plan = plan == null ? List.of() : List.copyOf(plan);
        planMethod = Objects.requireNonNullElse(planMethod, "");
        sources = sources == null ? List.of() : List.copyOf(sources);
        unreachable = unreachable == null ? Map.of() : Map.copyOf(unreachable);
        readHow = readHow == null ? Map.of() : Map.copyOf(readHow);
        sections = sections == null ? List.of() : List.copyOf(sections);
        spent = Objects.requireNonNullElse(spent, Meter.Spent.NONE);
        cuts = cuts == null ? List.of() : List.copyOf(cuts);
        trace = trace == null ? List.of() : List.copyOf(trace);
        turnId = Objects.requireNonNullElse(turnId, "");
        status = Objects.requireNonNullElse(status, "");
        content = Objects.requireNonNullElse(content, "");
    }

    static Progress start() {
        return new Progress(
                PLAN,
                "",
                List.of(),
                "",
                0,
                0,
                List.of(),
                Map.of(),
                Map.of(),
                List.of(),
                Meter.Spent.NONE,
                List.of(),
                List.of(),
                "",
                "",
                "");
    }

    static Progress fromJson(String json) {
        return Codec.read(json, Progress.class);
    }

    String toJson() {
        return Codec.write(this);
    }

    Progress questionStored(String turnId) {
        return new Progress(
                stage,
                turnId,
                plan,
                planMethod,
                found,
                unique,
                sources,
                unreachable,
                readHow,
                sections,
                spent,
                cuts,
                trace,
                this.turnId,
                status,
                content);
    }

    Progress planned(List<String> subQuestions, String method, List<TraceStep> steps) {
        return new Progress(
                SEARCH,
                questionTurnId,
                subQuestions,
                method,
                found,
                unique,
                sources,
                unreachable,
                readHow,
                sections,
                spent,
                cuts,
                steps,
                turnId,
                status,
                content);
    }

    Progress selected(
            int foundCount, int uniqueCount, List<ReportSource> kept, Map<String, String> down, List<TraceStep> steps) {
        return new Progress(
                READ,
                questionTurnId,
                plan,
                planMethod,
                foundCount,
                uniqueCount,
                kept,
                down,
                readHow,
                sections,
                spent,
                cuts,
                steps,
                turnId,
                status,
                content);
    }

    Progress read(Map<Integer, String> how, List<TraceStep> steps) {
        return new Progress(
                WRITE,
                questionTurnId,
                plan,
                planMethod,
                found,
                unique,
                sources,
                unreachable,
                how,
                sections,
                spent,
                cuts,
                steps,
                turnId,
                status,
                content);
    }

    Progress written(Section section, Meter meter, List<TraceStep> steps) {
        List<Section> all = new ArrayList<>(sections);
        all.add(section);
        return new Progress(
                stage,
                questionTurnId,
                plan,
                planMethod,
                found,
                unique,
                sources,
                unreachable,
                readHow,
                all,
                meter.spent(),
                meter.cuts(),
                steps,
                turnId,
                status,
                content);
    }

    /** The report as stored (or, when it could not be, as it would have been). */
    Progress stored(String storedTurnId, String storedStatus, String report, Meter meter, List<TraceStep> steps) {
        return new Progress(
                DONE,
                questionTurnId,
                plan,
                planMethod,
                found,
                unique,
                sources,
                unreachable,
                readHow,
                sections,
                meter.spent(),
                meter.cuts(),
                steps,
                storedTurnId,
                storedStatus,
                report);
    }

    /** The same progress with what is committed of the budget so far. */
    Progress spending(Meter.Spent committed) {
        return new Progress(
                stage,
                questionTurnId,
                plan,
                planMethod,
                found,
                unique,
                sources,
                unreachable,
                readHow,
                sections,
                committed,
                cuts,
                trace,
                turnId,
                status,
                content);
    }

    /** The findings sections written so far (the first {@code plan.size()} sections). */
    int findingsWritten() {
        return (int)
                sections.stream().filter(s -> s.kind().equals(Section.FINDINGS)).count();
    }
}
