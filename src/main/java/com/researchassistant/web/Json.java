package com.researchassistant.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.researchassistant.chat.TraceStep;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the web layer. Trace steps, wherever they appear (an answer's trace, a
 * stored message), are written as {@link Dto.TraceStepDto}, the shape the web app reads. It reads
 * strictly: a repeated field or anything after the value is an error rather than a guess, and its
 * read constraints are set here rather than inherited, so every limit a request can hit is known
 * (and answered 400 by {@link JsonBodies}). Strings and whole documents are bounded by the body
 * limits instead (413), which are checked first: the string limit is above the largest body the
 * configuration allows.
 */
final class Json {

    /** The API's bodies are at most four levels deep (an OpenAI message's content parts). */
    static final int MAX_NESTING_DEPTH = 32;
    /** Longer than any number a field of the API takes (a 64-bit integer has 19 digits). */
    static final int MAX_NUMBER_CHARS = 100;
    /** The API's field names are short words. */
    static final int MAX_NAME_CHARS = 1_000;
    /** Above {@code RA_MAX_UPLOAD_BYTES}'s ceiling (100 MiB) plus the multipart allowance. */
    private static final int MAX_STRING_CHARS = 128 * 1024 * 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .maxNameLength(MAX_NAME_CHARS)
                            .maxStringLength(MAX_STRING_CHARS)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addMixIn(TraceStep.class, TraceStepAsDto.class)
            .build();

    @JsonSerialize(converter = StepToDto.class)
    private abstract static class TraceStepAsDto {}

    static final class StepToDto extends StdConverter<TraceStep, Dto.TraceStepDto> {
        @Override
        public Dto.TraceStepDto convert(TraceStep step) {
            return Dto.TraceStepDto.of(step);
        }
    }

    private Json() {}

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
