package com.researchassistant.research;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.verify.ClaimVerdict;
import com.researchassistant.verify.Verdict;
import com.researchassistant.verify.Verification;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The events a research job reports, each self-describing JSON, in the order a job emits them:
 * {@code started} (or {@code resumed}), {@code plan}, {@code searched} per sub-question and
 * {@code source_unreachable} per failing provider, {@code selected}, {@code read} per source,
 * {@code section_started} / {@code section_delta} / {@code section_done} per section, {@code
 * cut} whenever the budget leaves something out, {@code step} per trace entry, {@code report}
 * with the stored turn, then the job's own end: {@code done}, {@code failed} or {@code cancelled}.
 * The README's API section documents each field.
 */
final class Events {

    /** Where events go: the job's durable event log in production, a list in tests. */
    @FunctionalInterface
    interface Sink {
        void emit(String name, String data);
    }

    private final Sink sink;

    Events(Sink sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    void started(ResearchRequest request, ResearchConfig.Budget budget, List<String> sources) {
        ObjectNode data = object().put("question", request.question())
                .put("depth", request.depth().id());
        data.putObject("budget")
                .put("modelCalls", budget.modelCalls())
                .put("tokens", budget.tokens())
                .put("sourcesRead", budget.sourcesRead())
                .put("wallTimeSeconds", budget.wallTime().toSeconds());
        strings(data.putArray("sources"), sources);
        emit("started", data);
    }

    void resumed(String from, int sources, int sections, String message) {
        emit(
                "resumed",
                object().put("from", from)
                        .put("sourcesKept", sources)
                        .put("sectionsKept", sections)
                        .put("message", message));
    }

    void plan(List<String> subQuestions, String method) {
        ObjectNode data = object().put("method", method);
        strings(data.putArray("subQuestions"), subQuestions);
        emit("plan", data);
    }

    void searched(int subQuestion, String query, Map<String, Integer> counts, int totalFound) {
        ObjectNode data =
                object().put("subQuestion", subQuestion).put("query", query).put("totalFound", totalFound);
        ObjectNode found = data.putObject("found");
        counts.forEach(found::put);
        emit("searched", data);
    }

    void unreachable(String provider, String kind) {
        emit("source_unreachable", object().put("provider", provider).put("kind", kind));
    }

    void selected(int found, int unique, List<ReportSource> selected) {
        ObjectNode data = object().put("found", found).put("unique", unique).put("selected", selected.size());
        ArrayNode list = data.putArray("sources");
        selected.forEach(source -> list.add(source(source)));
        emit("selected", data);
    }

    /**
     * @param how "full_text", "abstract", "library" or "title_only"
     * @param reason why a full text was not read, or ""
     */
    void read(ReportSource source, String how, int chunks, int done, int of, String reason) {
        ObjectNode data = object().put("n", source.number())
                .put("title", source.title())
                .put("how", how)
                .put("chunks", chunks)
                .put("read", done)
                .put("of", of);
        if (!reason.isEmpty()) {
            data.put("reason", reason);
        }
        emit("read", data);
    }

    void sectionStarted(int index, String title, String kind) {
        emit("section_started", object().put("index", index).put("title", title).put("kind", kind));
    }

    void sectionDelta(int index, String text) {
        emit("section_delta", object().put("index", index).put("text", text));
    }

    void sectionDone(int index, String title, int chars, String method) {
        emit(
                "section_done",
                object().put("index", index)
                        .put("title", title)
                        .put("chars", chars)
                        .put("method", method));
    }

    void cut(String message) {
        emit("cut", object().put("message", message));
    }

    void step(TraceStep step) {
        ObjectNode data = object().put("step", step.step())
                .put("durationMillis", step.durationMillis())
                .put("model", step.model())
                .put("fallbackUsed", step.fallbackUsed())
                .put("outcome", step.outcome().name().toLowerCase(java.util.Locale.ROOT))
                .put("detail", step.detail());
        if (step.usage().known()) {
            data.put("promptTokens", step.usage().promptTokens())
                    .put("completionTokens", step.usage().completionTokens());
        }
        emit("step", data);
    }

    /** The check of the report's citations; offsets point into the stored report. */
    void verified(Verification verification) {
        ObjectNode data = object().put("supported", verification.count(Verdict.SUPPORTED))
                .put("weak", verification.count(Verdict.WEAK))
                .put("unsupported", verification.count(Verdict.UNSUPPORTED))
                .put("unchecked", verification.unchecked())
                .put("markersRemoved", verification.removed().size());
        ArrayNode claims = data.putArray("claims");
        for (ClaimVerdict claim : verification.claims()) {
            ObjectNode node = claims.addObject()
                    .put("start", claim.start())
                    .put("end", claim.end())
                    .put("verdict", lower(claim.verdict()))
                    .put("reason", lower(claim.reason()))
                    .put("note", claim.note());
            claim.sources().forEach(node.putArray("sources")::add);
        }
        emit("verified", data);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }

    void report(ReportOutcome outcome) {
        sink.emit("report", outcome.toJson());
    }

    /** A source as events and the status show it. */
    static ObjectNode source(ReportSource source) {
        ObjectNode node = object().put("n", source.number())
                .put("kind", source.kind())
                .put("provider", source.provider())
                .put("title", source.title());
        strings(node.putArray("authors"), source.authors());
        if (source.year() > 0) {
            node.put("year", source.year());
        }
        putIfPresent(node, "venue", source.venue());
        putIfPresent(node, "doi", source.doi());
        putIfPresent(node, "url", source.link());
        putIfPresent(node, "documentId", source.documentId());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static ObjectNode object() {
        return Codec.JSON.createObjectNode();
    }

    private void emit(String name, ObjectNode data) {
        sink.emit(name, data.toString());
    }
}
