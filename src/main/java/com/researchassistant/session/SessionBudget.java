package com.researchassistant.session;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Reasoning;
import com.researchassistant.chat.SafetyNote;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.chat.Turn;

/**
 * How many decoded sessions an instance may hold in memory: at most {@code maxSessions}, and about
 * {@code maxBytes} together. A count alone does not bound memory, since a conversation grows with
 * every turn: a thousand long conversations would not fit a small heap.
 */
record SessionBudget(int maxSessions, long maxBytes) {

    /** Object and field overheads, per string, per turn and per source, in bytes (approximate). */
    private static final int STRING = 56;

    private static final int TURN = 320;
    private static final int SOURCE = 80;
    private static final int STEP = 96;

    SessionBudget {
        if (maxSessions < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("a session budget is not negative: " + maxSessions + ", " + maxBytes);
        }
    }

    /**
     * A Caffeine builder bounded by this budget. Every session weighs at least its share
     * {@code maxBytes / maxSessions}, so no more than {@code maxSessions} fit; a long one weighs its
     * approximate size, so fewer fit.
     */
    Caffeine<String, SessionWindow> builder() {
        if (maxSessions == 0 || maxBytes == 0) {
            return Caffeine.newBuilder().maximumWeight(0).weigher((String id, SessionWindow window) -> 1);
        }
        long share = Math.max(1, maxBytes / maxSessions);
        return Caffeine.newBuilder().maximumWeight(maxBytes).weigher((String id, SessionWindow window) ->
                (int) Math.min(Integer.MAX_VALUE, Math.max(share, approximateBytes(window))));
    }

    /** About how much heap a decoded session (or window of one) takes: its texts as two bytes a char, plus overheads. */
    static long approximateBytes(SessionWindow session) {
        long bytes = TURN + text(session.title());
        for (Turn turn : session.turns()) {
            NewTurn body = turn.body();
            bytes += TURN + text(body.content()) + text(body.model());
            for (Source source : body.sources()) {
                bytes += SOURCE
                        + text(source.documentId())
                        + text(source.title())
                        + text(source.location())
                        + text(source.snippet());
            }
            AnswerTrace trace = body.trace();
            for (TraceStep step : trace.steps()) {
                bytes += STEP + text(step.step()) + text(step.model()) + text(step.detail());
            }
            Reasoning reasoning = trace.reasoning();
            bytes += text(reasoning.hypothesis())
                    + texts(reasoning.evidence())
                    + texts(reasoning.alternatives())
                    + texts(reasoning.uncertainty());
            for (SafetyNote note : trace.safety()) {
                bytes += text(note.message()) + 2L * STRING;
            }
        }
        return bytes;
    }

    private static long texts(Iterable<String> texts) {
        long bytes = 0;
        for (String text : texts) {
            bytes += text(text);
        }
        return bytes;
    }

    private static long text(String text) {
        return text == null ? 0 : STRING + 2L * text.length();
    }
}
