package com.researchassistant.research;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Turns the tokens of one section into {@code section_delta} events: one per finished paragraph,
 * or every {@code interval} while a paragraph is being written, never one per token (each event
 * is a durable write). Every piece is cleaned by {@link ReportText} first, cut only where no link
 * or citation is left open, so the deltas of a section joined are exactly its stored text.
 */
final class SectionStream implements Consumer<String> {

    private final int index;
    private final Events events;
    private final ReportText text;
    private final Clock clock;
    private final Duration interval;
    private final StringBuilder pending = new StringBuilder();
    private final StringBuilder written = new StringBuilder();
    private Instant lastFlush;

    SectionStream(int index, Events events, ReportText text, Clock clock, Duration interval) {
        this.index = index;
        this.events = events;
        this.text = text;
        this.clock = clock;
        this.interval = interval;
        this.lastFlush = clock.instant();
    }

    @Override
    public void accept(String token) {
        pending.append(token);
        boolean paragraphEnd = token.indexOf('\n') >= 0 && pending.indexOf("\n\n") >= 0;
        if (paragraphEnd
                || !Duration.between(lastFlush, clock.instant()).minus(interval).isNegative()) {
            flush(ReportText.safeEnd(pending.toString()));
        }
    }

    /** Sends what is left and returns the section's whole text, as stored. */
    String finish() {
        flush(pending.length());
        return written();
    }

    /** Whether any text came, sent or still held back. */
    boolean hasText() {
        return !written.toString().isBlank() || !pending.toString().isBlank();
    }

    /** The section's text sent so far, without surrounding whitespace. */
    String written() {
        return written.toString().strip();
    }

    private void flush(int end) {
        lastFlush = clock.instant();
        if (end <= 0) {
            return;
        }
        String piece = text.clean(pending.substring(0, end));
        pending.delete(0, end);
        if (written.isEmpty()) {
            piece = piece.stripLeading();
        }
        if (!piece.isEmpty()) {
            written.append(piece);
            events.sectionDelta(index, piece);
        }
    }
}
