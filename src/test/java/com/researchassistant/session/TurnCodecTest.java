package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Reasoning;
import com.researchassistant.chat.Reference;
import com.researchassistant.chat.SafetyNote;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.chat.TraceStep.Outcome;
import com.researchassistant.db.StoreException;
import com.researchassistant.llm.Usage;
import com.researchassistant.verify.CitationEdit;
import com.researchassistant.verify.ClaimVerdict;
import com.researchassistant.verify.Reason;
import com.researchassistant.verify.Verdict;
import com.researchassistant.verify.Verification;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class TurnCodecTest {

    /** A typical research answer: prose, a list, citations, some numbers. About 2.3 KB. */
    static final String ANSWER = """
            Short answer: the evidence suggests that intermittent fasting produces weight loss \
            comparable to continuous calorie restriction, but not clearly more [1][3].

            **What the studies found**
            1. A 12-month randomized trial of 139 adults with obesity found no significant \
            difference in weight loss between time-restricted eating (8-hour window) plus calorie \
            restriction and calorie restriction alone (-8.0 kg vs -6.3 kg; difference -1.8 kg, \
            95% CI -4.0 to 0.4) [1].
            2. A 2022 meta-analysis of 17 trials reported modest improvements in fasting insulin \
            and insulin resistance, with high heterogeneity between studies (I² = 78%) [2].
            3. Adherence dropped over time in most trials; dropout rates ranged from 13% to 38% [3].

            **How confident can we be?**
            The trials are small, mostly short (8 to 52 weeks) and rarely blinded, which is hard \
            to avoid for dietary interventions. Confidence in the main conclusion is moderate: \
            the direction of the effect is consistent, but the size is uncertain.

            **Alternative explanations**
            - The benefit may come from eating less overall rather than from the timing itself.
            - Participants who volunteer for fasting studies may be unusually motivated.

            **What remains uncertain**
            Long-term effects beyond two years, effects in older adults, and effects on muscle \
            mass have not been studied well. If you are considering this for a health condition, \
            a clinician can help weigh it against other options.

            Sources: [1] Liu et al., N Engl J Med 2022; [2] Meta-analysis in your library, \
            "Intermittent fasting and metabolic health", section 3.2; [3] Your notes, \
            "fasting-adherence.md", paragraph 4.
            """;

    static final String QUESTION =
            "Does intermittent fasting actually work better than normal calorie restriction for weight loss? "
                    + "I keep reading conflicting things, what do the studies in my library say?";

    private final TurnCodec codec = new TurnCodec();

    @Test
    void round_trips_a_turn() {
        // given
        NewTurn turn = new NewTurn(
                NewTurn.Role.ASSISTANT,
                ANSWER,
                NewTurn.Status.PARTIAL,
                "meta-llama/Llama-3.3-70B",
                "mobile",
                812,
                455,
                3_120L);

        // when / then
        assertThat(codec.decode(codec.encode(turn))).isEqualTo(turn);
    }

    @Test
    void starts_the_blob_with_the_format_byte() {
        // when
        byte[] blob = codec.encode(NewTurn.user(QUESTION, "desktop"));

        // then
        assertThat(blob[0]).isEqualTo(TurnCodec.DEFLATE_JSON);
    }

    /**
     * Measured (JDK 25 zlib, default level): this 1,613-byte answer is 1,806 bytes of turn JSON
     * and a 1,027-byte blob, 0.57 of the JSON and 0.64 of the text. The 169-byte question is 306
     * bytes of JSON and a 220-byte blob: short turns are dominated by the field names, which a
     * preset deflate dictionary (a future format byte) would remove.
     */
    @Test
    void compresses_a_realistic_answer_to_well_under_its_json_size() throws Exception {
        // given
        NewTurn turn = new NewTurn(
                NewTurn.Role.ASSISTANT,
                ANSWER,
                NewTurn.Status.COMPLETE,
                "meta-llama/Llama-3.3-70B",
                "desktop",
                812,
                455,
                3_120L);
        int jsonBytes = new ObjectMapper().writeValueAsBytes(turn).length;
        int textBytes = ANSWER.getBytes(StandardCharsets.UTF_8).length;

        // when
        int blobBytes = codec.encode(turn).length;

        // then
        assertThat((double) blobBytes / jsonBytes).isLessThan(0.6);
        assertThat((double) blobBytes / textBytes).isLessThan(0.7);
    }

    @Test
    void an_unknown_format_byte_is_a_clear_error() {
        // given
        byte[] blob = codec.encode(NewTurn.user("hi", "mobile"));
        blob[0] = 9;

        // when / then
        assertThatThrownBy(() -> codec.decode(blob))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unknown format byte 9");
    }

    @Test
    void a_flipped_byte_is_reported_as_corrupt() {
        // given
        byte[] blob = codec.encode(NewTurn.user(QUESTION, "mobile"));
        blob[blob.length / 2] ^= 0x5A;

        // when / then
        assertThatThrownBy(() -> codec.decode(blob))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("turn body is");
    }

    @Test
    void a_truncated_blob_is_reported() {
        // given
        byte[] blob = codec.encode(NewTurn.user(QUESTION, "mobile"));
        byte[] truncated = Arrays.copyOf(blob, blob.length - 10);

        // when / then
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(StoreException.class)
                .hasMessage("turn body is truncated");
    }

    @Test
    void an_empty_blob_is_reported() {
        // when / then
        assertThatThrownBy(() -> codec.decode(new byte[0]))
                .isInstanceOf(StoreException.class)
                .hasMessage("turn body is empty");
    }

    @Test
    void reads_turns_written_before_sources_existed() {
        // given a blob of the first release, which had no sources
        String json = """
                {"role":"ASSISTANT","content":"an answer","status":"COMPLETE","model":"m","profile":"desktop",\
                "promptTokens":3,"completionTokens":4,"latencyMillis":5}""";

        // when
        NewTurn decoded = codec.decode(deflate(json));

        // then
        assertThat(decoded.sources()).isEmpty();
        assertThat(decoded.content()).isEqualTo("an answer");
    }

    @Test
    void reads_sources_written_before_passage_ordinals_as_without_one_and_round_trips_an_ordinal() {
        // given a source of a release that did not record its passage's ordinal
        String json = """
                {"role":"ASSISTANT","content":"see [1]","status":"COMPLETE","model":"m","profile":"desktop",\
                "promptTokens":3,"completionTokens":4,"latencyMillis":5,"sources":[{"number":1,"kind":"library",\
                "documentId":"doc1","title":"Sleep notes","location":"p. 2","snippet":"Sleep helps...","score":0.5}]}""";
        NewTurn withOrdinal = new NewTurn(
                NewTurn.Role.ASSISTANT,
                "see [1]",
                NewTurn.Status.COMPLETE,
                "m",
                "mobile",
                1,
                2,
                3,
                List.of(new Source(1, Source.LIBRARY, "doc1", "Sleep notes", "p. 2", "Sleep helps...", 0.5, 0)),
                AnswerTrace.NONE);

        // when
        NewTurn older = codec.decode(deflate(json));
        NewTurn decoded = codec.decode(codec.encode(withOrdinal));

        // then: not passage 0, which is a real passage
        assertThat(older.sources())
                .singleElement()
                .satisfies(s -> assertThat(s.passage()).isEqualTo(Source.NO_PASSAGE));
        assertThat(decoded).isEqualTo(withOrdinal);
    }

    @Test
    void round_trips_sources_and_the_trace() {
        // given
        NewTurn turn = new NewTurn(
                NewTurn.Role.ASSISTANT,
                "see [1]",
                NewTurn.Status.COMPLETE,
                "m",
                "mobile",
                1,
                2,
                3,
                List.of(new Source(1, Source.LIBRARY, "doc1", "Sleep notes", "p. 2", "Sleep helps...", 0.5)),
                new AnswerTrace(
                        "analysis_research",
                        0.8,
                        "",
                        "statistician",
                        0.6,
                        List.of(
                                TraceStep.withModel(
                                                "intent", Duration.ofMillis(3), "m", new Usage(10, 2), Outcome.OK, "")
                                        .startingAt(Duration.ofMillis(2)),
                                TraceStep.withoutModel("retrieval", Duration.ZERO, Outcome.SKIPPED, "")),
                        new Reasoning(
                                "Sleep helps.", List.of("Sleep helps [1]"), 0.7, List.of(), List.of("one source")),
                        List.of(new SafetyNote("medical", "info", "Not medical advice.")),
                        new AnswerTrace.Timing(3700, 1200)));

        // when
        NewTurn decoded = codec.decode(codec.encode(turn));

        // then
        assertThat(decoded).isEqualTo(turn);
    }

    @Test
    void round_trips_the_check_of_the_citations_and_reads_turns_written_before_it_as_unchecked() throws Exception {
        // given
        Verification checked = new Verification(
                List.of(new ClaimVerdict(
                        0,
                        27,
                        List.of(1),
                        Verdict.UNSUPPORTED,
                        Reason.NUMBERS_DIFFER,
                        "[1] does not give 60 minutes.",
                        0.86)),
                List.of(new CitationEdit(List.of(9), 27, 31, "")),
                1);
        NewTurn turn = new NewTurn(
                NewTurn.Role.ASSISTANT,
                "Cycles last 60 minutes [1].",
                NewTurn.Status.COMPLETE,
                "m",
                "mobile",
                1,
                2,
                3,
                List.of(),
                AnswerTrace.NONE,
                checked);

        // when
        NewTurn decoded = codec.decode(codec.encode(turn));
        NewTurn older = codec.decode(deflate(TRACE_OF_THE_STRING_RELEASE));

        // then
        assertThat(decoded).isEqualTo(turn);
        assertThat(decoded.citations()).isEqualTo(checked);
        assertThat(older.citations()).isEqualTo(Verification.NONE);
        assertThat(inflate(codec.encode(turn))).contains("\"citations\":{\"claims\":[{\"start\":0,\"end\":27");
        assertThat(inflate(codec.encode(NewTurn.user("hi", "mobile")))).doesNotContain("citations");
    }

    @Test
    void round_trips_a_sources_reference_and_writes_sources_without_one_as_before() throws Exception {
        // given
        Source cited = new Source(
                1,
                Source.LIBRARY,
                "doc1",
                "Sleep notes",
                "p. 2",
                "Sleep helps...",
                0.5,
                new Reference(List.of("Smith, Jane", "Lee, Kim"), 2020, "Journal of Sleep", "10.1000/x", ""));
        Source plain = new Source(2, Source.LIBRARY, "doc2", "Other", "", "Other...", 0.4);
        NewTurn turn = new NewTurn(
                NewTurn.Role.ASSISTANT,
                "see [1] [2]",
                NewTurn.Status.COMPLETE,
                "m",
                "mobile",
                1,
                2,
                3,
                List.of(cited, plain),
                AnswerTrace.NONE);

        // when
        NewTurn decoded = codec.decode(codec.encode(turn));
        String json = inflate(codec.encode(turn));

        // then
        assertThat(decoded).isEqualTo(turn);
        assertThat(decoded.sources().get(0).reference().authors()).containsExactly("Smith, Jane", "Lee, Kim");
        assertThat(decoded.sources().get(1).reference()).isEqualTo(Reference.NONE);
        assertThat(json).contains("\"reference\":{\"authors\":[\"Smith, Jane\"");
        assertThat(json.indexOf("\"reference\"")).isEqualTo(json.lastIndexOf("\"reference\""));
        assertThat(codec.decode(deflate(TRACE_OF_THE_STRING_RELEASE.replace(
                                "\"sources\":[]",
                                "\"sources\":[{\"number\":1,\"kind\":\"library\",\"documentId\":\"d\",\"title\":\"t\","
                                        + "\"location\":\"\",\"snippet\":\"s\",\"score\":0.5}]")))
                        .sources())
                .singleElement()
                .satisfies(s -> assertThat(s.reference()).isEqualTo(Reference.NONE));
    }

    /** Written by the release whose trace steps held their outcome as a string and -1 for unknown tokens. */
    static final String TRACE_OF_THE_STRING_RELEASE = """
            {"role":"ASSISTANT","content":"see [1]","status":"COMPLETE","model":"m","profile":"mobile",\
            "promptTokens":120,"completionTokens":30,"latencyMillis":900,"sources":[],"trace":{\
            "intent":"analysis_research","intentConfidence":0.8,"secondaryIntent":"","expertise":"statistician",\
            "expertiseRelevance":0.6,"steps":[\
            {"step":"intent","durationMillis":3,"model":"","promptTokens":-1,"completionTokens":-1,\
            "fallbackUsed":true,"outcome":"fallback","detail":"rules: model failed (TIMEOUT)"},\
            {"step":"context","durationMillis":0,"model":"","promptTokens":-1,"completionTokens":-1,\
            "fallbackUsed":false,"outcome":"skipped","detail":"no older turns"},\
            {"step":"synthesis","durationMillis":850,"model":"m","promptTokens":120,"completionTokens":30,\
            "fallbackUsed":false,"outcome":"ok","detail":"finish: stop"},\
            {"step":"safety","durationMillis":5,"model":"","promptTokens":-1,"completionTokens":-1,\
            "fallbackUsed":false,"outcome":"failed","detail":"rules only"}],\
            "reasoning":{"hypothesis":"h","evidence":[],"confidence":0.5,"alternatives":[],"uncertainty":[]},\
            "safety":[]}}""";

    @Test
    void reads_trace_steps_written_when_outcomes_were_strings_and_unknown_tokens_minus_one() {
        // when
        NewTurn decoded = codec.decode(deflate(TRACE_OF_THE_STRING_RELEASE));

        // then
        assertThat(decoded.trace().steps())
                .containsExactly(
                        new TraceStep(
                                "intent",
                                TraceStep.UNKNOWN_START,
                                3,
                                "",
                                Usage.UNKNOWN,
                                true,
                                Outcome.FALLBACK,
                                "rules: model failed (TIMEOUT)"),
                        new TraceStep(
                                "context",
                                TraceStep.UNKNOWN_START,
                                0,
                                "",
                                Usage.UNKNOWN,
                                false,
                                Outcome.SKIPPED,
                                "no older turns"),
                        new TraceStep(
                                "synthesis",
                                TraceStep.UNKNOWN_START,
                                850,
                                "m",
                                new Usage(120, 30),
                                false,
                                Outcome.OK,
                                "finish: stop"),
                        new TraceStep(
                                "safety",
                                TraceStep.UNKNOWN_START,
                                5,
                                "",
                                Usage.UNKNOWN,
                                false,
                                Outcome.FAILED,
                                "rules only"));
        assertThat(decoded.trace().steps().getFirst().usage().known()).isFalse();
    }

    @Test
    void reads_traces_written_before_start_offsets_and_timing_as_unknown() {
        // when
        NewTurn decoded = codec.decode(deflate(TRACE_OF_THE_STRING_RELEASE));

        // then
        assertThat(decoded.trace().steps())
                .noneMatch(TraceStep::placed)
                .allSatisfy(s -> assertThat(s.startMillis()).isEqualTo(TraceStep.UNKNOWN_START));
        assertThat(decoded.trace().timing()).isEqualTo(AnswerTrace.Timing.UNKNOWN);
    }

    @Test
    void writes_start_offsets_and_timing_once_known() throws Exception {
        // given
        NewTurn old = codec.decode(deflate(TRACE_OF_THE_STRING_RELEASE));
        AnswerTrace trace = old.trace();
        AnswerTrace timed = new AnswerTrace(
                trace.intent(),
                trace.intentConfidence(),
                trace.secondaryIntent(),
                trace.expertise(),
                trace.expertiseRelevance(),
                trace.steps().stream()
                        .map(s -> s.startingAt(Duration.ofMillis(40)))
                        .toList(),
                trace.reasoning(),
                trace.safety(),
                new AnswerTrace.Timing(900, 310));
        NewTurn turn = new NewTurn(
                old.role(),
                old.content(),
                old.status(),
                old.model(),
                old.profile(),
                old.promptTokens(),
                old.completionTokens(),
                old.latencyMillis(),
                old.sources(),
                timed);

        // when
        byte[] blob = codec.encode(turn);

        // then
        JsonNode json = new ObjectMapper().readTree(inflate(blob));
        assertThat(json.at("/trace/steps/0/startMillis").asLong()).isEqualTo(40);
        assertThat(json.at("/trace/timing/totalMillis").asLong()).isEqualTo(900);
        assertThat(json.at("/trace/timing/firstTokenMillis").asLong()).isEqualTo(310);
        assertThat(codec.decode(blob)).isEqualTo(turn);
    }

    @Test
    void writes_trace_steps_in_the_shape_older_releases_read() throws Exception {
        // given
        NewTurn old = codec.decode(deflate(TRACE_OF_THE_STRING_RELEASE));

        // when
        String json = inflate(codec.encode(old));

        // then the JSON is the one the string release wrote, field for field
        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree(TRACE_OF_THE_STRING_RELEASE));
    }

    @Test
    void an_outcome_it_does_not_know_is_a_clear_error() {
        // given
        String json = TRACE_OF_THE_STRING_RELEASE.replace("\"outcome\":\"skipped\"", "\"outcome\":\"postponed\"");

        // when / then
        assertThatThrownBy(() -> codec.decode(deflate(json)))
                .isInstanceOf(StoreException.class)
                .hasMessage("turn body is not a valid turn")
                .rootCause()
                .hasMessageContaining("POSTPONED");
    }

    @Test
    void ignores_fields_it_does_not_know() {
        // given a blob written by a later release with an extra field
        String json = """
                {"role":"USER","content":"hi","status":"COMPLETE","model":"","profile":"mobile",\
                "promptTokens":-1,"completionTokens":-1,"latencyMillis":0,"reactions":[{"n":1}]}""";

        // when
        NewTurn decoded = codec.decode(deflate(json));

        // then
        assertThat(decoded).isEqualTo(NewTurn.user("hi", "mobile"));
    }

    private static String inflate(byte[] blob) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(blob, 1, blob.length - 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!inflater.finished()) {
            out.write(buffer, 0, inflater.inflate(buffer));
        }
        inflater.end();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] deflate(String json) {
        Deflater deflater = new Deflater();
        deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] buffer = new byte[4096];
        int length = deflater.deflate(buffer);
        deflater.end();
        byte[] blob = new byte[length + 1];
        blob[0] = TurnCodec.DEFLATE_JSON;
        System.arraycopy(buffer, 0, blob, 1, length);
        return blob;
    }
}
