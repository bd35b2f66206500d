package com.researchassistant.library;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Markdown as text with structure: {@code #} lines become the heading path of the text below
 * them; everything else is kept as written. Lines inside fenced code blocks are never headings.
 */
final class MarkdownParser {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~).*");

    ParsedDocument parse(String markdown, String fileTitle) {
        SectionBuilder sections = new SectionBuilder();
        Optional<String> firstTopHeading = Optional.empty();
        boolean inFence = false;
        for (String line : markdown.split("\\R", -1)) {
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
            }
            Matcher heading = HEADING.matcher(line);
            if (!inFence && heading.matches()) {
                int level = heading.group(1).length();
                if (level == 1 && firstTopHeading.isEmpty()) {
                    firstTopHeading = Optional.of(heading.group(2));
                }
                sections.heading(level, heading.group(2));
            } else if (line.isBlank()) {
                sections.paragraphBreak();
            } else {
                sections.text(line + "\n");
            }
        }
        List<Section> found = sections.finish();
        if (found.isEmpty()) {
            throw DocumentRejected.empty("The Markdown document has headings but no text under them.");
        }
        return ParsedDocument.of(firstTopHeading, Format.MARKDOWN, found, fileTitle);
    }
}
