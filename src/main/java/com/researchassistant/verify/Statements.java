package com.researchassistant.verify;

import com.researchassistant.text.Sentences;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentences of a Markdown text, each with where it stands and its plain wording: paragraphs,
 * list items, quotes and table rows are split into sentences; headings, rules and code are not
 * statements. Stateless.
 */
final class Statements {

    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}(\\s|$)");
    private static final Pattern RULE = Pattern.compile("^ {0,3}([-*_])(\\s*\\1){2,}\\s*$");
    private static final Pattern ITEM = Pattern.compile("^\\s*([-*+]|\\d{1,9}[.)])\\s+");
    private static final Pattern QUOTE = Pattern.compile("^ {0,3}(>\\s?)+");
    private static final Pattern TABLE_RULE = Pattern.compile("^\\s*\\|?\\s*:?-+:?\\s*(\\|\\s*:?-+:?\\s*)*\\|?\\s*$");
    private static final Pattern MARKER = Pattern.compile("\\[\\d{1,3}(?:\\s*,\\s*\\d{1,3})*](?!\\()");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern EMPHASIS =
            Pattern.compile("(\\*{1,3}|_{1,3}|~~|`+)(?=\\S)|(?<=\\S)(\\*{1,3}|_{1,3}|~~|`+)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern WORD = Pattern.compile("\\p{L}{2,}");
    private static final int MIN_WORDS = 3;

    /**
     * One sentence: {@code text.substring(start, end)} as written, and {@code plain} its words
     * without Markdown and citation markers, what is compared.
     */
    record Statement(int start, int end, String plain) {}

    private Statements() {}

    /** The sentences of {@code text} that say something: at least three words. */
    static List<Statement> of(String text) {
        char[] masked = CitationMarkers.withoutCode(text).toCharArray();
        List<int[]> blocks = blocks(masked);
        List<Statement> statements = new ArrayList<>();
        for (int[] block : blocks) {
            String flat = new String(masked, block[0], block[1] - block[0]).replace('\n', ' ');
            for (Sentences.Span span : Sentences.spans(flat)) {
                int start = block[0] + span.start();
                int end = block[0] + span.end();
                String plain = plain(new String(masked, start, end - start));
                if (words(plain) >= MIN_WORDS) {
                    statements.add(new Statement(start, end, plain));
                }
            }
        }
        return statements;
    }

    /** The words of a sentence: Markdown links, emphasis, code marks and citation markers taken out. */
    static String plain(String sentence) {
        String s = MARKER.matcher(sentence).replaceAll(" ");
        s = LINK.matcher(s).replaceAll("$1");
        s = EMPHASIS.matcher(s).replaceAll("");
        s = s.replace('|', ' ');
        return WHITESPACE.matcher(s).replaceAll(" ").strip().replaceAll("\\s+([.,;:!?])", "$1");
    }

    private static int words(String plain) {
        return (int) WORD.matcher(plain).results().count();
    }

    /**
     * Splits the lines into blocks (start, end) whose line breaks are white space: a paragraph, a
     * list item with its continuation lines, a quote, a table row. Prefixes that are not text
     * (list markers, quote marks) and lines that are not statements are blanked in {@code masked}.
     */
    private static List<int[]> blocks(char[] masked) {
        List<int[]> blocks = new ArrayList<>();
        int[] open = null;
        int lineStart = 0;
        while (lineStart <= masked.length) {
            int lineEnd = lineStart;
            while (lineEnd < masked.length && masked[lineEnd] != '\n') {
                lineEnd++;
            }
            String line = new String(masked, lineStart, lineEnd - lineStart);
            boolean table = line.indexOf('|') >= 0 && line.strip().startsWith("|");
            if (line.isBlank()
                    || HEADING.matcher(line).find()
                    || RULE.matcher(line).matches()
                    || table && TABLE_RULE.matcher(line).matches()) {
                blank(masked, lineStart, lineEnd);
                open = null;
            } else {
                Matcher item = ITEM.matcher(line);
                Matcher quote = QUOTE.matcher(line);
                boolean listItem = item.find();
                int prefix = listItem ? item.end() : quote.find() ? quote.end() : 0;
                blank(masked, lineStart, lineStart + prefix);
                if (open == null || listItem || table) {
                    open = new int[] {lineStart + prefix, lineEnd};
                    blocks.add(open);
                    if (table) {
                        open = null;
                    }
                } else {
                    open[1] = lineEnd;
                }
            }
            lineStart = lineEnd + 1;
        }
        return blocks;
    }

    private static void blank(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            chars[i] = ' ';
        }
    }
}
