package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.Reasoning;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.llm.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace steps' JSON is what the web app's Trace panel reads (panels.js). */
class TraceJsonTest {

    @Test
    void a_trace_step_keeps_its_flat_shape_with_a_lower_case_outcome_and_minus_one_for_unknown_tokens()
            throws Exception {
        // given
        AnswerTrace trace = new AnswerTrace(
                "analysis_research",
                0.8,
                "",
                "statistician",
                0.6,
                List.of(
                        TraceStep.withoutModel("intent", Duration.ofMillis(3), Outcome.FALLBACK, "rules: model failed"),
                        TraceStep.withModel(
                                "synthesis",
                                Duration.ofMillis(850),
                                "m",
                                new Usage(120, 30),
                                Outcome.OK,
                                "finish: stop")),
                new Reasoning("h", List.of(), 0.5, List.of(), List.of()),
                List.of(),
                AnswerTrace.Timing.UNKNOWN);

        // when
        JsonNode steps = Json.MAPPER.readTree(Json.text(trace)).path("steps");

        // then
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0)).isEqualTo(Json.MAPPER.readTree("""
                {"step":"intent","durationMillis":3,"model":"","promptTokens":-1,"completionTokens":-1,\
                "fallbackUsed":true,"outcome":"fallback","detail":"rules: model failed"}"""));
        assertThat(steps.get(1)).isEqualTo(Json.MAPPER.readTree("""
                {"step":"synthesis","durationMillis":850,"model":"m","promptTokens":120,"completionTokens":30,\
                "fallbackUsed":false,"outcome":"ok","detail":"finish: stop"}"""));
    }

    @Test
    void a_placed_step_carries_its_start_and_the_trace_its_timing() throws Exception {
        // given
        AnswerTrace trace = new AnswerTrace(
                "analysis_research",
                0.8,
                "",
                "statistician",
                0.6,
                List.of(TraceStep.withModel(
                                "synthesis",
                                Duration.ofMillis(850),
                                "m",
                                new Usage(120, 30),
                                Outcome.OK,
                                "finish: stop")
                        .startingAt(Duration.ofMillis(420))),
                new Reasoning("h", List.of(), 0.5, List.of(), List.of()),
                List.of(),
                new AnswerTrace.Timing(1300, 610));

        // when
        JsonNode json = Json.MAPPER.readTree(Json.text(trace));

        // then
        assertThat(json.at("/steps/0/startMillis").asLong()).isEqualTo(420);
        assertThat(json.at("/steps/0/durationMillis").asLong()).isEqualTo(850);
        assertThat(json.at("/timing"))
                .isEqualTo(Json.MAPPER.readTree("{\"totalMillis\":1300,\"firstTokenMillis\":610}"));
    }
}
