package com.researchassistant.research;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A research job as {@code GET /api/research/{job}} shows it: its status, how far it got, what it
 * spent of its budget and, once stored, the report. Absent text is "", absent numbers 0.
 *
 * @param status "queued", "running", "done", "failed" or "cancelled"
 * @param stage the next step: "plan", "search", "read", "write", or "done" once the report is stored
 * @param lastEvent the seq of its newest event: a client's {@code Last-Event-ID} to follow it from here
 * @param failure why a failed job failed, in words for the person who started it
 */
public record ResearchStatus(
        String id,
        String status,
        String sessionId,
        String question,
        String depth,
        String createdAt,
        String updatedAt,
        long lastEvent,
        String stage,
        List<String> subQuestions,
        String planMethod,
        int found,
        int unique,
        List<SourceView> sources,
        List<SectionView> sections,
        Spending spending,
        List<String> cuts,
        Map<String, String> unreachable,
        Report report,
        String failure) {

    public ResearchStatus {
        Objects.requireNonNull(id, "id");
        subQuestions = List.copyOf(subQuestions);
        sources = List.copyOf(sources);
        sections = List.copyOf(sections);
        cuts = List.copyOf(cuts);
        unreachable = Map.copyOf(unreachable);
    }

    /** A selected source; {@code read} says how it was read ("full_text", "abstract", "library", "title_only", or ""). */
    public record SourceView(
            int n,
            String kind,
            String provider,
            String title,
            List<String> authors,
            int year,
            String venue,
            String doi,
            String url,
            String documentId,
            String read) {
        public SourceView {
            authors = List.copyOf(authors);
        }
    }

    /** A finished section, without its text (the report or the events carry it). */
    public record SectionView(int index, String title, String kind, String method, int chars) {}

    /** What the job spent, beside its depth's budget. */
    public record Spending(
            int modelCalls,
            int modelCallsBudget,
            long promptTokens,
            long completionTokens,
            long tokens,
            long tokensBudget,
            int sourcesRead,
            int sourcesReadBudget,
            long elapsedMillis,
            long wallTimeMillis) {}

    /**
     * The stored report.
     *
     * @param turnId its turn in the conversation, "" when it has none (no conversation, or deleted)
     * @param status "complete", "partial" or "notice"; "" while the job runs
     */
    public record Report(String turnId, String status, String content) {}
}
