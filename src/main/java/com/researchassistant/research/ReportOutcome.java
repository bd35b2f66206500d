package com.researchassistant.research;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * How a research job ended: the {@code report} event's data and the job's result.
 *
 * @param status "complete", "partial" (stopped before the end) or "notice" (nothing was found)
 * @param turnId the stored report's turn, "" when it was not stored (no conversation, or it was deleted)
 * @param sessionId the conversation, "" for a job without one
 */
record ReportOutcome(
        String status,
        int sections,
        int sources,
        String turnId,
        String sessionId,
        Meter.Spent spent,
        List<String> cuts) {

    ReportOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(turnId, "turnId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(spent, "spent");
        cuts = List.copyOf(cuts);
    }

    String toJson() {
        ObjectNode data = Codec.JSON
                .createObjectNode()
                .put("status", status)
                .put("sections", sections)
                .put("sources", sources);
        if (!turnId.isEmpty()) {
            data.put("turnId", turnId);
        }
        if (!sessionId.isEmpty()) {
            data.put("sessionId", sessionId);
        }
        data.putObject("usage")
                .put("modelCalls", spent.modelCalls())
                .put("promptTokens", spent.promptTokens())
                .put("completionTokens", spent.completionTokens())
                .put("sourcesRead", spent.sourcesRead())
                .put("elapsedMillis", spent.elapsedMillis());
        ArrayNode list = data.putArray("cuts");
        cuts.forEach(list::add);
        return data.toString();
    }
}
