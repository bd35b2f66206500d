package com.researchassistant.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What one answer rests on and where it goes, fixed before its first token; what accumulates
 * while it is written is in {@link AnswerDraft}.
 *
 * @param start when the pipeline started on the message, for the answer's timings
 * @param plan the intent and expertise chosen
 * @param grounding the passages and recalled turns the answer may cite
 * @param review the safety review running beside the answer
 * @param check the citation check, fed the answer while it streams
 * @param sink receives the answer's events
 * @param keep stores an answer (complete, partial or notice) and returns its id
 */
record AnswerSetup(
        PipelineInput in,
        Instant start,
        ChatEvent.Plan plan,
        Grounding grounding,
        SafetyReview review,
        CitationCheck check,
        Consumer<ChatEvent> sink,
        Function<NewTurn, String> keep) {

    AnswerSetup {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(grounding, "grounding");
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(keep, "keep");
    }
}
