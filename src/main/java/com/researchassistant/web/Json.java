package com.researchassistant.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.researchassistant.chat.TraceStep;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the web layer. Trace steps, wherever they appear (an answer's trace, a
 * stored message), are written as {@link Dto.TraceStepDto}, the shape the web app reads.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
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
