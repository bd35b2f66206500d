package com.researchassistant.research;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Cleans what the model writes before anyone sees it: the model has read outside pages, so its
 * text may carry what a hostile page slipped in. Images go (a client that shows them would call
 * the address), links and bare URLs stay only when they are one of the report's own sources,
 * HTML tags go, and citations keep only the numbers of sources the report has.
 *
 * <p>Text is cleaned as it streams: {@link #safeEnd} says how much of it holds only complete
 * constructs, so a link or a citation is never cut in two, and cleaning the pieces gives the same
 * text as cleaning the whole.
 */
final class ReportText {

    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]\\n]*)]\\(([^)\\n]*)\\)");
    private static final Pattern LINK =
            Pattern.compile("\\[([^\\]\\n]*)]\\(\\s*<?([^)\\s>\\n]*)>?(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
    private static final Pattern TAG = Pattern.compile("<(/?[A-Za-z][^<>\\n]*|https?://[^<>\\s]*)>");
    private static final Pattern BARE_URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"]+");
    private static final Pattern TRAILING_PUNCT = Pattern.compile("[.,:;!?'\")\\]]+$");
    private static final Pattern CITATION = Pattern.compile(" ?\\[(\\d{1,4}(?:\\s*,\\s*\\d{1,4})*)]");
    private static final String[] URL_STARTS = {"https://", "http://", "www."};

    private final Set<String> allowed = new HashSet<>();
    private final int sources;

    ReportText(List<ReportSource> sources) {
        this.sources = sources.size();
        for (ReportSource source : sources) {
            for (String url : new String[] {source.url(), source.fullTextUrl(), source.link()}) {
                if (!url.isBlank()) {
                    allowed.add(SourceKeys.url(url));
                }
            }
        }
    }

    /** The text with only what a report may hold; {@code text} must hold complete constructs only. */
    String clean(String text) {
        String out = IMAGE.matcher(text).replaceAll("");
        out = replace(LINK, out, m -> allowed(m.group(2)) ? m.group() : m.group(1));
        out = replace(TAG, out, m -> m.group(1).startsWith("http") && allowed(m.group(1)) ? m.group() : "");
        out = replace(BARE_URL, out, this::bareUrl);
        return replace(CITATION, out, this::citation);
    }

    private String bareUrl(Matcher m) {
        String url = TRAILING_PUNCT.matcher(m.group()).replaceFirst("");
        String tail = m.group().substring(url.length());
        String full = url.regionMatches(true, 0, "www.", 0, 4) ? "https://" + url : url;
        return (allowed(full) ? url : "(link removed)") + tail;
    }

    private String citation(Matcher m) {
        String kept = Arrays.stream(m.group(1).split(","))
                .map(String::strip)
                .filter(n -> Integer.parseInt(n) >= 1 && Integer.parseInt(n) <= sources)
                .collect(Collectors.joining(", "));
        return kept.isEmpty() ? "" : (m.group().startsWith(" ") ? " " : "") + "[" + kept + "]";
    }

    private boolean allowed(String url) {
        return !url.isBlank() && allowed.contains(SourceKeys.url(url));
    }

    private static String replace(Pattern pattern, String text, java.util.function.Function<Matcher, String> with) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * How much of streamed text can be cleaned now: up to the first construct that may still grow
     * (an image, link, citation, tag or URL whose end has not come yet).
     */
    static int safeEnd(String text) {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int next;
            if (c == '!') {
                next = i + 1 == text.length() ? -1 : text.charAt(i + 1) == '[' ? bracket(text, i + 1) : i + 1;
            } else if (c == '[' || c == ' ' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
                next = bracket(text, c == '[' ? i : i + 1);
            } else if (c == ' ' && i + 1 == text.length()) {
                next = -1; // a space may open a citation, which takes it along
            } else if (c == '<') {
                next = i + 1 == text.length()
                        ? -1
                        : Character.isLetter(text.charAt(i + 1)) || text.charAt(i + 1) == '/'
                                ? closedBefore(text, i, '>')
                                : i + 1;
            } else if (startsUrl(text, i)) {
                next = url(text, i);
            } else {
                next = i + 1;
            }
            if (next < 0) {
                return i;
            }
            i = next;
        }
        return text.length();
    }

    /** Where a construct opened by the bracket at {@code i} ends, or -1 while it may go on. */
    private static int bracket(String text, int i) {
        int close = closedBefore(text, i, ']');
        if (close < 0 || text.charAt(close - 1) != ']') {
            return close;
        }
        if (close == text.length()) {
            return -1; // "[3]" may still become "[3](...)"
        }
        return text.charAt(close) == '(' ? closedBefore(text, close, ')') : close;
    }

    /** Just past {@code closer} on the same line, the line's end if it has none, or -1 at the end of the text. */
    private static int closedBefore(String text, int from, char closer) {
        for (int j = from + 1; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == closer) {
                return j + 1;
            }
            if (c == '\n') {
                return j;
            }
        }
        return -1;
    }

    private static boolean startsUrl(String text, int i) {
        if (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
            return false;
        }
        String rest = text.substring(i, Math.min(text.length(), i + 8)).toLowerCase(Locale.ROOT);
        for (String start : URL_STARTS) {
            if (rest.startsWith(start) || start.startsWith(rest)) {
                return true;
            }
        }
        return false;
    }

    /** Past a URL (or what may become one), or -1 while it may go on. */
    private static int url(String text, int i) {
        for (int j = i; j < text.length(); j++) {
            if (Character.isWhitespace(text.charAt(j))) {
                return j;
            }
        }
        return -1;
    }
}
