package com.researchassistant.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads BibTeX and BibLaTeX as reference managers write it: entries in braces or parentheses,
 * values in braces or quotes (nested braces kept for {@link LatexText}), bare numbers, {@code
 * @string} macros and the month macros, concatenation with {@code #}, {@code @comment} and
 * {@code @preamble} blocks and any text between entries (comments). An entry that cannot be read
 * is skipped and reported with its line and key; reading goes on at the next {@code @} that starts
 * a line. Bounded: brace nesting, value length, and the number of entries and macros.
 */
final class BibtexParser {

    /** One entry as written: field names in lower case, values expanded but still LaTeX. */
    record Entry(String type, String key, Map<String, String> fields, int line) {}

    /** An entry skipped, with why. */
    record Problem(int line, String key, String message) {}

    /** What a file held. */
    record Result(List<Entry> entries, List<Problem> problems) {}

    static final int MAX_DEPTH = 32;
    static final int MAX_VALUE_CHARS = 100_000;
    static final int MAX_MACROS = 10_000;

    private static final Map<String, String> MONTHS = Map.ofEntries(
            Map.entry("jan", "January"),
            Map.entry("feb", "February"),
            Map.entry("mar", "March"),
            Map.entry("apr", "April"),
            Map.entry("may", "May"),
            Map.entry("jun", "June"),
            Map.entry("jul", "July"),
            Map.entry("aug", "August"),
            Map.entry("sep", "September"),
            Map.entry("oct", "October"),
            Map.entry("nov", "November"),
            Map.entry("dec", "December"));

    /** Why an entry cannot be read. */
    private static final class Broken extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Broken(String message) {
            super(message, null, false, false);
        }
    }

    private final String in;
    private final int maxEntries;
    private final Map<String, String> macros = new HashMap<>();
    private final List<Entry> entries = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private int pos;
    private int line = 1;

    private BibtexParser(String in, int maxEntries) {
        this.in = in;
        this.maxEntries = maxEntries;
    }

    /** Reads every entry of {@code text}, at most {@code maxEntries} (the rest reported as one problem). */
    static Result parse(String text, int maxEntries) {
        BibtexParser parser = new BibtexParser(text.startsWith("\uFEFF") ? text.substring(1) : text, maxEntries);
        parser.run();
        return new Result(List.copyOf(parser.entries), List.copyOf(parser.problems));
    }

    private void run() {
        while (skipToAt()) {
            int start = line;
            int startPos = pos;
            String key = "";
            try {
                String type = identifier().toLowerCase(Locale.ROOT);
                skipSpace();
                char open = next();
                if (open != '{' && open != '(') {
                    throw new Broken("'@" + type + "' is not followed by '{' or '('");
                }
                char close = open == '{' ? '}' : ')';
                switch (type) {
                    case "comment", "preamble" -> skipBlock(open, close);
                    case "string" -> macro(close);
                    default -> {
                        key = key();
                        entry(type, key, close, start);
                    }
                }
            } catch (Broken e) {
                problems.add(new Problem(start, key, e.getMessage()));
                pos = startPos; // a brace left open must not swallow the entries after it
                line = start;
                recover();
            }
            if (entries.size() >= maxEntries) {
                if (skipToAt()) {
                    problems.add(new Problem(
                            line, "", "More than " + maxEntries + " entries: the rest of the file was not read."));
                }
                return;
            }
        }
    }

    private void entry(String type, String key, char close, int start) {
        Map<String, String> fields = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            char c = next();
            if (c == close) {
                break;
            }
            if (c != ',') {
                throw new Broken("expected ',' or '" + close + "' after a field, found " + shown(c));
            }
            skipSpace();
            if (peek() == close) {
                pos++;
                break;
            }
            String name = identifier().toLowerCase(Locale.ROOT);
            skipSpace();
            if (next() != '=') {
                throw new Broken("expected '=' after the field name '" + name + "'");
            }
            fields.putIfAbsent(name, value(close));
        }
        entries.add(new Entry(type, key, Map.copyOf(fields), start));
    }

    private void macro(char close) {
        skipSpace();
        String name = identifier().toLowerCase(Locale.ROOT);
        skipSpace();
        if (next() != '=') {
            throw new Broken("expected '=' after the @string name '" + name + "'");
        }
        String value = value(close);
        skipSpace();
        if (next() != close) {
            throw new Broken("expected '" + close + "' to end the @string '" + name + "'");
        }
        if (macros.size() >= MAX_MACROS) {
            throw new Broken("more than " + MAX_MACROS + " @string definitions");
        }
        macros.put(name, value);
    }

    /** The citation key: everything up to the first comma (may be empty). */
    private String key() {
        skipSpace();
        int start = pos;
        while (pos < in.length()
                && in.charAt(pos) != ','
                && in.charAt(pos) != '}'
                && in.charAt(pos) != ')'
                && in.charAt(pos) != '\n') {
            pos++;
        }
        if (pos - start > 1_000) {
            throw new Broken("the citation key is too long");
        }
        return in.substring(start, pos).strip();
    }

    /** Parts joined by '#': braced, quoted, numbers and macro names. */
    private String value(char close) {
        StringBuilder value = new StringBuilder();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '{') {
                pos++;
                value.append(braced());
            } else if (c == '"') {
                pos++;
                value.append(quoted());
            } else if (Character.isDigit(c)) {
                int start = pos;
                while (pos < in.length() && Character.isDigit(in.charAt(pos))) {
                    pos++;
                }
                value.append(in, start, pos);
            } else if (isIdentifierStart(c)) {
                String name = identifier().toLowerCase(Locale.ROOT);
                value.append(macros.getOrDefault(name, MONTHS.getOrDefault(name, "")));
            } else {
                throw new Broken("expected a value, found " + shown(c));
            }
            if (value.length() > MAX_VALUE_CHARS) {
                throw new Broken("a value longer than " + MAX_VALUE_CHARS + " characters");
            }
            skipSpace();
            if (peek() != '#') {
                return value.toString();
            }
            pos++;
        }
    }

    /** After an opening brace: the text up to its matching brace, inner braces kept. */
    private String braced() {
        int depth = 1;
        int start = pos;
        while (true) {
            char c = next();
            if (c == '\\') {
                next(); // an escaped brace does not count
            } else if (c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new Broken("braces nested more than " + MAX_DEPTH + " deep");
                }
            } else if (c == '}' && --depth == 0) {
                return in.substring(start, pos - 1);
            }
            if (pos - start > MAX_VALUE_CHARS) {
                throw new Broken("a value longer than " + MAX_VALUE_CHARS + " characters");
            }
        }
    }

    /** After an opening quote: the text up to a quote outside braces. */
    private String quoted() {
        int depth = 0;
        int start = pos;
        while (true) {
            char c = next();
            if (c == '\\') {
                next();
            } else if (c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new Broken("braces nested more than " + MAX_DEPTH + " deep");
                }
            } else if (c == '}') {
                depth--;
            } else if (c == '"' && depth <= 0) {
                return in.substring(start, pos - 1);
            }
            if (pos - start > MAX_VALUE_CHARS) {
                throw new Broken("a value longer than " + MAX_VALUE_CHARS + " characters");
            }
        }
    }

    private void skipBlock(char open, char close) {
        int depth = 1;
        while (depth > 0) {
            char c = next();
            if (c == open) {
                depth++;
            } else if (c == close) {
                depth--;
            }
        }
    }

    /** After a broken entry: on to the next '@' at the start of a line. */
    private void recover() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == '@' && atLineStart(pos)) {
                return;
            }
            advance();
        }
    }

    private boolean atLineStart(int at) {
        for (int i = at - 1; i >= 0; i--) {
            char c = in.charAt(i);
            if (c == '\n') {
                return true;
            }
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Skips text between entries; true when an '@' follows (consumed). */
    private boolean skipToAt() {
        while (pos < in.length()) {
            if (advance() == '@') {
                return true;
            }
        }
        return false;
    }

    private String identifier() {
        int start = pos;
        while (pos < in.length() && isIdentifierPart(in.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw new Broken(
                    pos < in.length()
                            ? "expected a name, found " + shown(in.charAt(pos))
                            : "the file ends inside an entry");
        }
        return in.substring(start, pos);
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || "_-:.+/'!$&*;<>?@[]^`|".indexOf(c) >= 0;
    }

    private void skipSpace() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
            advance();
        }
    }

    private char peek() {
        if (pos >= in.length()) {
            throw new Broken("the file ends inside an entry");
        }
        return in.charAt(pos);
    }

    private char next() {
        if (pos >= in.length()) {
            throw new Broken("the file ends inside an entry");
        }
        return advance();
    }

    private char advance() {
        char c = in.charAt(pos++);
        if (c == '\n') {
            line++;
        }
        return c;
    }

    private static String shown(char c) {
        return Character.isWhitespace(c) ? "white space" : "'" + c + "'";
    }

    /** The value of the first of {@code names} the entry has. */
    static Optional<String> field(Entry entry, String... names) {
        for (String name : names) {
            String value = entry.fields().get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
