package com.researchassistant.research;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two closing sections the job writes itself: what the report is based on and what it left
 * out (depth, sources searched and unreachable, how each source was read, the budget's cuts), and
 * the numbered reference list with authors, year, venue and DOI or URL.
 */
final class References {

    private static final int AUTHORS_SHOWN = 3;

    private References() {}

    /** One line per source: "[n] Authors (year). Title. Venue. link". */
    static String list(List<ReportSource> sources) {
        List<String> lines = new ArrayList<>();
        for (ReportSource source : sources) {
            StringBuilder line = new StringBuilder("[").append(source.number()).append("] ");
            if (!source.authors().isEmpty()) {
                line.append(authors(source.authors())).append(' ');
            }
            if (source.year() > 0) {
                line.append('(').append(source.year()).append("). ");
            } else if (!source.authors().isEmpty()) {
                line.append("(n.d.). ");
            }
            line.append(sentence(source.title()));
            if (!source.venue().isBlank()) {
                line.append(' ').append(sentence(source.venue()));
            }
            if (source.kind().equals(ReportSource.LIBRARY)) {
                line.append(" In your library.");
            } else if (!source.link().isBlank()) {
                line.append(' ').append(source.link());
            }
            lines.add(line.toString());
        }
        return lines.isEmpty() ? "No sources were found." : String.join("\n\n", lines);
    }

    /**
     * What the report rests on and what it cut.
     *
     * @param searched the ids of the sources searched
     * @param unreachable provider id to why it could not be searched
     * @param readHow how each source was read, by citation number
     */
    static String about(
            ResearchRequest request,
            List<String> searched,
            Map<String, String> unreachable,
            Map<Integer, String> readHow,
            String planMethod,
            Meter meter) {
        List<String> lines = new ArrayList<>();
        lines.add("Depth: " + request.depth().id() + ". Searched: "
                + (searched.isEmpty() ? "nothing" : String.join(", ", searched)) + ".");
        if (!unreachable.isEmpty()) {
            List<String> down = new ArrayList<>();
            unreachable.forEach((id, why) -> down.add(id + " (" + why.replace('_', ' ') + ")"));
            lines.add("Could not be searched: "
                    + String.join(", ", down.stream().sorted().toList()) + "; the report goes on without them.");
        }
        long full = readHow.values().stream().filter("full_text"::equals).count();
        long abstracts = readHow.values().stream().filter("abstract"::equals).count();
        long library = readHow.values().stream().filter("library"::equals).count();
        long none = readHow.values().stream().filter("title_only"::equals).count();
        lines.add("Sources read: " + full + " in full text, " + abstracts + " from the abstract only, " + library
                + " from your library" + (none > 0 ? "; " + none + " could not be read and are listed only" : "")
                + ".");
        if (planMethod.equals("rules")) {
            lines.add("The sub-questions were made by rules, as no model answered for the plan.");
        }
        Meter.Spent spent = meter.spent();
        var budget = meter.budget();
        lines.add("Spent: " + spent.modelCalls() + " of " + budget.modelCalls() + " model calls, " + spent.tokens()
                + " of " + budget.tokens() + " tokens, " + spent.elapsedMillis() / 1000 + " s of "
                + budget.wallTime().toSeconds() + " s.");
        for (String cut : meter.cuts()) {
            lines.add("Cut: " + cut);
        }
        return "- " + String.join("\n- ", lines);
    }

    private static String authors(List<String> authors) {
        if (authors.size() <= AUTHORS_SHOWN) {
            return authors.size() == 1
                    ? authors.getFirst()
                    : String.join(", ", authors.subList(0, authors.size() - 1)) + " and " + authors.getLast();
        }
        return String.join(", ", authors.subList(0, AUTHORS_SHOWN)) + " et al.";
    }

    private static String sentence(String text) {
        String t = Prompts.clean(text).strip().replaceAll("\\s+", " ");
        return t.isEmpty() || t.matches(".*[.?!]$") ? t : t + ".";
    }
}
