package com.researchassistant.research;

import java.util.Objects;

/**
 * A research job as its conversation's list shows it: enough for a page to find a job still
 * running after a reload, and the job behind a stored report (for its exports and sources).
 *
 * @param status "queued", "running", "done", "failed" or "cancelled"
 * @param lastEvent the seq of its newest event
 * @param questionTurnId the stored question's turn, "" before the job stored it
 * @param turnId the stored report's turn, "" until it is stored
 * @param reportStatus "complete", "partial" or "notice"; "" until the report is stored
 * @param failure why a failed job failed, "" otherwise
 */
public record ResearchSummary(
        String id,
        String status,
        String question,
        String depth,
        String createdAt,
        String updatedAt,
        long lastEvent,
        String questionTurnId,
        String turnId,
        String reportStatus,
        String failure) {

    public ResearchSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }
}
