package com.researchassistant.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The citation markers of a Markdown text, read as the web app reads them ({@code md.js}): "[2]"
 * or "[1, 3]" not followed by "(" (a link), outside code. Stateless.
 */
final class CitationMarkers {

    private static final Pattern MARKER = Pattern.compile("\\[(\\d{1,3}(?:\\s*,\\s*\\d{1,3})*)](?!\\()");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)[\\s\\S]*?\\1");

    /** One marker: {@code text.substring(start, end)} is "[1, 3]". */
    record Marker(int start, int end, List<Integer> numbers) {
        Marker {
            numbers = List.copyOf(numbers);
        }
    }

    private CitationMarkers() {}

    static List<Marker> find(String text) {
        String visible = withoutCode(text);
        List<Marker> markers = new ArrayList<>();
        Matcher m = MARKER.matcher(visible);
        while (m.find()) {
            List<Integer> numbers = Arrays.stream(m.group(1).split(","))
                    .map(n -> Integer.parseInt(n.strip()))
                    .toList();
            markers.add(new Marker(m.start(), m.end(), numbers));
        }
        return markers;
    }

    /**
     * The edits that drop every number not in {@code known} from the markers of {@code text}: a
     * marker naming none of them goes with the white space before it ("memory [9]." becomes
     * "memory."), one naming some keeps those.
     */
    static List<CitationEdit> edits(String text, Set<Integer> known) {
        List<CitationEdit> edits = new ArrayList<>();
        for (Marker marker : find(text)) {
            List<Integer> kept =
                    marker.numbers().stream().filter(known::contains).distinct().toList();
            List<Integer> removed = marker.numbers().stream()
                    .filter(n -> !known.contains(n))
                    .distinct()
                    .toList();
            if (removed.isEmpty()) {
                continue;
            }
            if (!kept.isEmpty()) {
                edits.add(new CitationEdit(removed, marker.start(), marker.end(), render(kept)));
                continue;
            }
            int start = marker.start();
            while (start > 0 && (text.charAt(start - 1) == ' ' || text.charAt(start - 1) == '\t')) {
                start--;
            }
            int end = marker.end();
            if (start == 0 || text.charAt(start - 1) == '\n') {
                // nothing before it on its line: the space after it goes instead
                while (end < text.length() && text.charAt(end) == ' ') {
                    end++;
                }
            }
            edits.add(new CitationEdit(removed, start, end, ""));
        }
        return edits;
    }

    private static String render(List<Integer> numbers) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < numbers.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(numbers.get(i));
        }
        return s.append(']').toString();
    }

    /** {@code text} with fenced code blocks and code spans blanked out, every index where it was. */
    static String withoutCode(String text) {
        char[] chars = text.toCharArray();
        boolean fenced = false;
        String fence = "";
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String line = text.substring(lineStart, lineEnd);
            Matcher open = FENCE.matcher(line);
            boolean fenceLine = open.find();
            if (fenced || fenceLine) {
                Arrays.fill(chars, lineStart, lineEnd, ' ');
                if (fenced && fenceLine && open.group(1).charAt(0) == fence.charAt(0)) {
                    fenced = false;
                } else if (!fenced) {
                    fenced = true;
                    fence = open.group(1);
                }
            } else {
                Matcher span = CODE_SPAN.matcher(line);
                while (span.find()) {
                    Arrays.fill(chars, lineStart + span.start(), lineStart + span.end(), ' ');
                }
            }
            lineStart = lineEnd + 1;
        }
        return new String(chars);
    }
}
