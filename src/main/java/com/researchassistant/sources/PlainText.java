package com.researchassistant.sources;

import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

/**
 * Plain text from the bits of markup providers put in abstracts and snippets: JATS in Crossref
 * ("&lt;jats:p&gt;"), emphasis in Brave's and SearXNG's snippets, entities everywhere. Block tags
 * become spaces, inline tags vanish, entities are decoded, whitespace collapses.
 */
final class PlainText {

    private static final Pattern BLOCK_TAG = Pattern.compile(
            "</?(?:jats:)?(?:p|title|sec|div|br|li|ul|ol|h[1-6]|table|tr|td|abstract)\\b[^<>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LEADING_TITLE =
            Pattern.compile("^\\s*<(jats:)?title\\b[^>]*>\\s*abstract\\s*</(jats:)?title>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_TAG = Pattern.compile("</?[A-Za-z][A-Za-z0-9:-]*(?:\\s[^<>]*)?/?>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private PlainText() {}

    static String of(String markup) {
        if (markup == null || markup.isEmpty()) {
            return "";
        }
        String s = LEADING_TITLE.matcher(markup).replaceFirst(" ");
        s = BLOCK_TAG.matcher(s).replaceAll(" ");
        s = ANY_TAG.matcher(s).replaceAll("");
        s = Parser.unescapeEntities(s, false);
        return SPACES.matcher(s).replaceAll(" ").strip();
    }
}
