package com.researchassistant.chat;

import com.researchassistant.verify.Verification;
import java.util.List;
import java.util.Objects;

/**
 * The content of a turn, as the chat side produces it. Stored compressed; new optional fields
 * may be added later without a schema change.
 *
 * @param status how the turn ended: user turns are always {@link Status#COMPLETE}
 * @param model the model that wrote an assistant turn, empty otherwise
 * @param profile "mobile" or "desktop" for the request that produced it
 * @param promptTokens {@link #UNKNOWN_TOKENS} when no model wrote the turn or it did not say
 * @param sources the passages an assistant turn was given to cite; empty for older turns
 * @param trace how an assistant turn came about; {@link AnswerTrace#NONE} for user turns and older turns
 * @param citations the verdicts on an assistant turn's cited sentences, with offsets into {@code
 *     content}, and the markers removed from it; {@link Verification#NONE} for unchecked turns
 */
public record NewTurn(
        Role role,
        String content,
        Status status,
        String model,
        String profile,
        int promptTokens,
        int completionTokens,
        long latencyMillis,
        List<Source> sources,
        AnswerTrace trace,
        Verification citations) {

    public enum Role {
        USER,
        ASSISTANT
    }

    public enum Status {
        /** A full message or answer. */
        COMPLETE,
        /** The answer stopped early: the client left, the upstream failed or time ran out. */
        PARTIAL,
        /** A notice from the server instead of a model answer (no model configured, ...). */
        NOTICE
    }

    public NewTurn {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(profile, "profile");
        // Turns stored before sources existed decode with null here.
        sources = sources == null ? List.of() : List.copyOf(sources);
        trace = trace == null ? AnswerTrace.NONE : trace;
        // Turns stored before citations were checked decode with null here.
        citations = citations == null ? Verification.NONE : citations;
    }

    /** A turn whose citations were not checked. */
    public NewTurn(
            Role role,
            String content,
            Status status,
            String model,
            String profile,
            int promptTokens,
            int completionTokens,
            long latencyMillis,
            List<Source> sources,
            AnswerTrace trace) {
        this(
                role,
                content,
                status,
                model,
                profile,
                promptTokens,
                completionTokens,
                latencyMillis,
                sources,
                trace,
                Verification.NONE);
    }

    /** A turn without sources. */
    public NewTurn(
            Role role,
            String content,
            Status status,
            String model,
            String profile,
            int promptTokens,
            int completionTokens,
            long latencyMillis) {
        this(
                role,
                content,
                status,
                model,
                profile,
                promptTokens,
                completionTokens,
                latencyMillis,
                List.of(),
                AnswerTrace.NONE,
                Verification.NONE);
    }

    /** Token counts of a turn no model wrote, or whose model did not report them. */
    public static final int UNKNOWN_TOKENS = -1;

    public static NewTurn user(String content, String profile) {
        return of(Role.USER, content, profile);
    }

    /** A complete turn that no model of ours wrote (a message, or a turn of a history a client sent). */
    public static NewTurn of(Role role, String content, String profile) {
        return new NewTurn(role, content, Status.COMPLETE, "", profile, UNKNOWN_TOKENS, UNKNOWN_TOKENS, 0);
    }
}
