package com.researchassistant.session;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Reference;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.db.StoreException;
import com.researchassistant.llm.Usage;
import com.researchassistant.verify.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Turns a {@link NewTurn} into a compact blob and back.
 *
 * <p>Layout: one format byte, then the payload. Format {@value #DEFLATE_JSON} is the turn as UTF-8
 * JSON in a zlib stream (its Adler-32 checksum catches corruption). A later format (say zstd, or
 * a dictionary) gets a new byte; old blobs stay readable by their own byte.
 *
 * <p>The JSON uses the record's component names, so components may be added (missing ones read
 * as null/0, so new reference components need a default in the compact constructor) but must
 * not be renamed without a new format byte. Unknown fields are ignored, so an older release can
 * read blobs written by a newer one.
 *
 * <p>A {@link TraceStep} is stored in the shape it had before it held typed values ({@link
 * StoredStep}): its outcome as a lower-case word ("ok", "fallback", "failed", "skipped") and its
 * token counts flat, -1 when unknown. Blobs from before and after that change read the same, and
 * releases on either side of it read each other's blobs.
 *
 * <p>Steps stored before their start offsets were recorded have no {@code startMillis} and read as
 * {@link TraceStep#UNKNOWN_START}; a trace without {@code timing} reads as {@link
 * AnswerTrace.Timing#UNKNOWN}. Neither field is written while unknown, so a turn read from an older
 * blob is written back field for field as it was.
 *
 * <p>A source's {@code reference} (authors, year, venue, DOI, URL of an imported document) is
 * written only when there is one, and a source without it reads as {@link Reference#NONE}.
 *
 * <p>The check of an answer's citations ({@code citations}, a {@link Verification}) is written
 * only when there is one, so unchecked turns are stored exactly as before it existed, and blobs
 * without it read as {@link Verification#NONE}.
 */
final class TurnCodec {

    static final byte DEFLATE_JSON = 1;

    /** A guard against a corrupt or hostile blob that inflates without end. */
    private static final int MAX_DECODED_BYTES = 64 * 1024 * 1024;

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addMixIn(TraceStep.class, TraceStepAsStored.class)
            .addMixIn(AnswerTrace.class, AnswerTraceAsStored.class)
            .addMixIn(NewTurn.class, NewTurnAsStored.class)
            .addMixIn(Source.class, SourceAsStored.class)
            .build();

    /**
     * A source stored before passage ordinals were has none: it reads as {@link Source#NO_PASSAGE}, not as 0.
     * A source without a reference (authors, year...) is stored as before references existed.
     */
    @JsonDeserialize(converter = StoredToSource.class)
    private abstract static class SourceAsStored {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoReference.class)
        abstract Reference reference();
    }

    /** A source as the blob holds it, with the passage and the reference absent from older blobs. */
    record StoredSource(
            int number,
            String kind,
            String documentId,
            String title,
            String location,
            String snippet,
            double score,
            Integer passage,
            Reference reference) {}

    static final class StoredToSource extends StdConverter<StoredSource, Source> {
        @Override
        public Source convert(StoredSource s) {
            return new Source(
                    s.number(),
                    s.kind(),
                    s.documentId(),
                    s.title(),
                    s.location(),
                    s.snippet(),
                    s.score(),
                    s.passage() == null ? Source.NO_PASSAGE : s.passage(),
                    s.reference());
        }
    }

    /** A {@link JsonInclude} filter: true (left out) for {@link Reference#NONE}. */
    static final class NoReference {
        @Override
        public boolean equals(Object value) {
            return value instanceof Reference r && !r.present();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** A turn whose citations were not checked is stored as before checks existed, without the field. */
    private abstract static class NewTurnAsStored {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Unchecked.class)
        abstract Verification citations();
    }

    /** Jackson leaves out a value this filter equals. */
    static final class Unchecked {
        @Override
        public boolean equals(Object value) {
            return value instanceof Verification v && !v.present();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** A trace step as the blob holds it; see the class comment. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StoredStep(
            String step,
            Long startMillis,
            long durationMillis,
            String model,
            int promptTokens,
            int completionTokens,
            boolean fallbackUsed,
            String outcome,
            String detail) {}

    /** Leaves an unknown timing out, as older releases wrote traces. */
    private abstract static class AnswerTraceAsStored {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UnknownTiming.class)
        abstract AnswerTrace.Timing timing();
    }

    /** A {@link JsonInclude} filter: true (left out) for {@link AnswerTrace.Timing#UNKNOWN}. */
    static final class UnknownTiming {
        @Override
        public boolean equals(Object value) {
            return AnswerTrace.Timing.UNKNOWN.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @JsonSerialize(converter = StepToStored.class)
    @JsonDeserialize(converter = StoredToStep.class)
    private abstract static class TraceStepAsStored {}

    static final class StepToStored extends StdConverter<TraceStep, StoredStep> {
        @Override
        public StoredStep convert(TraceStep s) {
            return new StoredStep(
                    s.step(),
                    s.placed() ? s.startMillis() : null,
                    s.durationMillis(),
                    s.model(),
                    s.usage().promptTokens(),
                    s.usage().completionTokens(),
                    s.fallbackUsed(),
                    s.outcome().name().toLowerCase(Locale.ROOT),
                    s.detail());
        }
    }

    static final class StoredToStep extends StdConverter<StoredStep, TraceStep> {
        @Override
        public TraceStep convert(StoredStep s) {
            if (s.outcome() == null) {
                throw new IllegalArgumentException("a trace step without an outcome");
            }
            // an unknown outcome (from a newer release) fails the decode with the word in the message
            TraceStep.Outcome outcome = TraceStep.Outcome.valueOf(s.outcome().toUpperCase(Locale.ROOT));
            return new TraceStep(
                    s.step(),
                    s.startMillis() == null ? TraceStep.UNKNOWN_START : s.startMillis(),
                    s.durationMillis(),
                    s.model(),
                    new Usage(s.promptTokens(), s.completionTokens()),
                    s.fallbackUsed(),
                    outcome,
                    s.detail());
        }
    }

    byte[] encode(NewTurn turn) {
        byte[] plain;
        try {
            plain = json.writeValueAsBytes(turn);
        } catch (JacksonException e) {
            throw new StoreException("cannot encode turn as JSON", e);
        }
        if (plain.length > MAX_DECODED_BYTES) {
            // refused here, or the session would hold a turn that decode() rejects forever
            throw new IllegalArgumentException(
                    "turn must be at most " + MAX_DECODED_BYTES + " bytes as JSON: " + plain.length);
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
            out.write(DEFLATE_JSON);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    NewTurn decode(byte[] blob) {
        if (blob.length == 0) {
            throw new StoreException("turn body is empty");
        }
        if (blob[0] != DEFLATE_JSON) {
            throw new StoreException("turn body has unknown format byte " + blob[0]);
        }
        byte[] plain = inflate(blob);
        try {
            return json.readValue(plain, NewTurn.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new StoreException("turn body is not a valid turn", e);
        }
    }

    private static byte[] inflate(byte[] blob) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(blob, 1, blob.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(blob.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new StoreException("turn body is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_DECODED_BYTES) {
                    throw new StoreException("turn body inflates beyond " + MAX_DECODED_BYTES + " bytes");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new StoreException("turn body is corrupt", e);
        } finally {
            inflater.end();
        }
    }
}
