package com.researchassistant.library;

import com.researchassistant.text.Sentences;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts sections into chunks of about {@code targetChars} characters, on sentence boundaries where
 * possible and preferring paragraph ends. A chunk never spans two sections, so its one location is
 * exact; consecutive chunks of a section share up to {@code overlapChars} of whole sentences, so a
 * thought cut at a boundary is still found whole in one of them. Deterministic.
 */
final class Chunker {

    private final int targetChars;
    private final int overlapChars;

    Chunker(int targetChars, int overlapChars) {
        if (targetChars < 50) {
            throw new IllegalArgumentException("targetChars must be at least 50: " + targetChars);
        }
        if (overlapChars < 0 || overlapChars > targetChars / 2) {
            throw new IllegalArgumentException(
                    "overlapChars must be between 0 and half of targetChars (" + targetChars + "): " + overlapChars);
        }
        this.targetChars = targetChars;
        this.overlapChars = overlapChars;
    }

    List<Chunk> chunk(List<Section> sections) {
        List<Chunk> chunks = new ArrayList<>();
        for (Section section : sections) {
            String location = section.location().label();
            for (String text : split(units(section.text()))) {
                chunks.add(new Chunk(chunks.size(), location, text));
            }
        }
        return List.copyOf(chunks);
    }

    /**
     * A sentence, or a piece of an over-long one; {@code opensParagraph} marks paragraph starts,
     * {@code spaceBefore} whether the text had a space before it (the sentence splitter also
     * breaks inside "window.location" or "e.g.x", where none may be added back).
     */
    private record Unit(String text, boolean opensParagraph, boolean spaceBefore) {}

    private List<Unit> units(String text) {
        List<Unit> units = new ArrayList<>();
        for (String paragraph : text.split("\\n\\s*\\n")) {
            String flat = paragraph.replaceAll("\\s+", " ").strip();
            boolean first = true;
            for (Sentences.Sentence sentence : Sentences.of(flat)) {
                boolean spaceBefore = sentence.spaceBefore();
                for (String piece : pieces(sentence.text())) {
                    units.add(new Unit(piece, first, spaceBefore));
                    first = false;
                    spaceBefore = true;
                }
            }
        }
        return units;
    }

    /** Splits a sentence longer than a chunk at spaces, or hard when it has none (tables, URLs). */
    private List<String> pieces(String sentence) {
        List<String> pieces = new ArrayList<>();
        String rest = sentence;
        while (rest.length() > targetChars) {
            int cut = rest.lastIndexOf(' ', targetChars);
            if (cut < targetChars / 2) {
                cut = targetChars;
            }
            pieces.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            pieces.add(rest);
        }
        return pieces;
    }

    /** Greedy packing: close a chunk when the next unit does not fit, or early at a paragraph end. */
    private List<String> split(List<Unit> units) {
        List<String> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int newUnits = 0;
        for (Unit unit : units) {
            int length = length(current);
            boolean full = length + 1 + unit.text().length() > targetChars;
            boolean goodBreak = unit.opensParagraph() && length >= targetChars * 3 / 4;
            if (newUnits > 0 && (full || goodBreak)) {
                chunks.add(render(current));
                current = overlap(current, unit);
                newUnits = 0;
            }
            current.add(unit);
            newUnits++;
        }
        if (newUnits > 0) {
            chunks.add(render(current));
        }
        return chunks;
    }

    /** The closing sentences of a chunk to repeat at the start of the next, if they leave room. */
    private List<Unit> overlap(List<Unit> previous, Unit next) {
        List<Unit> kept = new ArrayList<>();
        int length = 0;
        for (int i = previous.size() - 1; i > 0; i--) {
            Unit unit = previous.get(i);
            length += unit.text().length() + 1;
            if (length > overlapChars) {
                break;
            }
            kept.addFirst(unit);
        }
        while (!kept.isEmpty() && length(kept) + 1 + next.text().length() > targetChars) {
            kept.removeFirst();
        }
        return kept;
    }

    private static int length(List<Unit> units) {
        return render(units).length();
    }

    private static String render(List<Unit> units) {
        StringBuilder text = new StringBuilder();
        for (Unit unit : units) {
            if (!text.isEmpty()) {
                text.append(unit.opensParagraph() ? "\n\n" : unit.spaceBefore() ? " " : "");
            }
            text.append(unit.text());
        }
        return text.toString();
    }
}
