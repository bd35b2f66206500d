package com.researchassistant.chat;

import com.researchassistant.verify.Verification;
import java.util.List;
import java.util.Objects;

/**
 * What answering one message emits, in order: Meta, Plan, Sources?, Token*, Safety?, Trace, then
 * Done (with the check of the answer's citations) or Failed. The first message of an unnamed
 * conversation also brings a Title right after Meta (the rules title), and another (the model's)
 * whenever it is stored before Done or Failed.
 */
public sealed interface ChatEvent
        permits ChatEvent.Meta,
                ChatEvent.Title,
                ChatEvent.Plan,
                ChatEvent.Sources,
                ChatEvent.Token,
                ChatEvent.Safety,
                ChatEvent.Trace,
                ChatEvent.Done,
                ChatEvent.Failed {

    /** The user's message is stored (acknowledged); the answer starts. */
    record Meta(String sessionId, String userMessageId, String profile, String model) implements ChatEvent {
        public Meta {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(userMessageId, "userMessageId");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(model, "model");
        }
    }

    /** The conversation's title is now {@code title}, stored; {@code method} says who wrote it. */
    record Title(String title, Method method) implements ChatEvent {
        public Title {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(method, "method");
        }

        /** Who wrote a title. */
        public enum Method {
            /** The question's topic, cut by rules, at once. */
            RULES,
            /** The summary model, beside the answer. */
            MODEL
        }
    }

    /** What the message asks for and the expertise the answer will speak from. */
    record Plan(IntentResult intent, Expertise expertise) implements ChatEvent {
        public Plan {
            Objects.requireNonNull(intent, "intent");
            Objects.requireNonNull(expertise, "expertise");
        }
    }

    /** Warnings about the question or the answer; they never withhold the answer. */
    record Safety(List<SafetyNote> notes) implements ChatEvent {
        public Safety {
            notes = List.copyOf(notes);
        }
    }

    /** How the answer came about: each step's timing and model, and the reasoning chain. */
    record Trace(AnswerTrace trace) implements ChatEvent {
        public Trace {
            Objects.requireNonNull(trace, "trace");
        }
    }

    /** The passages the answer may cite as [n], sent before the first token. */
    record Sources(List<Source> sources) implements ChatEvent {
        public Sources {
            sources = List.copyOf(sources);
        }
    }

    /** A piece of the answer. */
    record Token(String text) implements ChatEvent {
        public Token {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The answer is complete and stored.
     *
     * @param notice why the answer is a server notice instead of a model answer, or empty
     * @param firstTokenMillis time from the start of the pipeline to the first token, -1 if none
     * @param citations the check of its citations, as stored: verdicts with offsets into the
     *     stored text, and the markers that named no source, removed from the streamed text
     *     ({@link Verification#NONE} when nothing was checked)
     */
    record Done(
            String messageId,
            String finishReason,
            int promptTokens,
            int completionTokens,
            long firstTokenMillis,
            long totalMillis,
            String notice,
            Verification citations)
            implements ChatEvent {
        public Done {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(finishReason, "finishReason");
            Objects.requireNonNull(notice, "notice");
            Objects.requireNonNull(citations, "citations");
        }

        /** An answer whose citations were not checked. */
        public Done(
                String messageId,
                String finishReason,
                int promptTokens,
                int completionTokens,
                long firstTokenMillis,
                long totalMillis,
                String notice) {
            this(
                    messageId,
                    finishReason,
                    promptTokens,
                    completionTokens,
                    firstTokenMillis,
                    totalMillis,
                    notice,
                    Verification.NONE);
        }
    }

    /**
     * The answer failed; what was streamed before is stored as a partial answer.
     *
     * @param code a stable machine-readable code, such as {@code upstream_timeout}
     * @param messageId the stored partial answer, or empty when nothing was answered
     */
    record Failed(String code, String message, String messageId, Reason reason) implements ChatEvent {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The class of a failure, which the web layer maps to an HTTP status. */
    enum Reason {
        /** The upstream refused or broke (502). */
        UPSTREAM,
        /** The upstream is overloaded or rate-limited (503). */
        UNAVAILABLE,
        /** No answer in time (504). */
        TIMEOUT,
        /** The session vanished while answering (404). */
        NOT_FOUND
    }
}
