package com.researchassistant.imports;

import java.text.Normalizer;
import java.util.Map;

/**
 * Turns the LaTeX of BibTeX field values into plain Unicode text: accents ({@code {\"u}}, {@code
 * \'{e}}, {@code \c c}), special letters ({@code \ss}, {@code \o}), escaped characters ({@code \&}),
 * dashes and quotes, and commands whose argument is the text ({@code \emph{...}}); other commands
 * and grouping braces are dropped. Never fails: what it cannot read it leaves out.
 */
final class LatexText {

    private static final Map<Character, Character> ACCENTS = Map.ofEntries(
            Map.entry('"', '\u0308'),
            Map.entry('\'', '\u0301'),
            Map.entry('`', '\u0300'),
            Map.entry('^', '\u0302'),
            Map.entry('~', '\u0303'),
            Map.entry('=', '\u0304'),
            Map.entry('.', '\u0307'),
            Map.entry('u', '\u0306'),
            Map.entry('v', '\u030C'),
            Map.entry('H', '\u030B'),
            Map.entry('c', '\u0327'),
            Map.entry('k', '\u0328'),
            Map.entry('r', '\u030A'),
            Map.entry('d', '\u0323'),
            Map.entry('b', '\u0331'));

    private static final Map<String, String> LETTERS = Map.ofEntries(
            Map.entry("ss", "ß"),
            Map.entry("o", "ø"),
            Map.entry("O", "Ø"),
            Map.entry("ae", "æ"),
            Map.entry("AE", "Æ"),
            Map.entry("oe", "œ"),
            Map.entry("OE", "Œ"),
            Map.entry("aa", "å"),
            Map.entry("AA", "Å"),
            Map.entry("l", "ł"),
            Map.entry("L", "Ł"),
            Map.entry("i", "ı"),
            Map.entry("j", "ȷ"),
            Map.entry("textendash", "–"),
            Map.entry("textemdash", "—"),
            Map.entry("ldots", "…"),
            Map.entry("dots", "…"),
            Map.entry("textquoteright", "’"),
            Map.entry("textquoteleft", "‘"),
            Map.entry("S", "§"),
            Map.entry("P", "¶"),
            Map.entry("copyright", "©"),
            Map.entry("textregistered", "®"),
            Map.entry("texttrademark", "™"),
            Map.entry("euro", "€"),
            Map.entry("pounds", "£"),
            Map.entry("alpha", "α"),
            Map.entry("beta", "β"),
            Map.entry("gamma", "γ"),
            Map.entry("delta", "δ"),
            Map.entry("epsilon", "ε"),
            Map.entry("lambda", "λ"),
            Map.entry("mu", "μ"),
            Map.entry("pi", "π"),
            Map.entry("sigma", "σ"),
            Map.entry("tau", "τ"),
            Map.entry("omega", "ω"),
            Map.entry("pm", "±"),
            Map.entry("times", "×"),
            Map.entry("leq", "≤"),
            Map.entry("geq", "≥"),
            Map.entry("infty", "∞"));

    private final String in;
    private int pos;
    private final StringBuilder out = new StringBuilder();

    private LatexText(String in) {
        this.in = in;
    }

    /** Plain text for a LaTeX field value, white space collapsed. */
    static String plain(String latex) {
        LatexText text = new LatexText(latex);
        text.run();
        String flat = text.out.toString().replaceAll("\\s+", " ").strip();
        return Normalizer.normalize(flat, Normalizer.Form.NFC);
    }

    private void run() {
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            switch (c) {
                case '\\' -> command();
                case '{', '}', '$' -> {}
                case '~' -> out.append(' ');
                case '-' -> dash();
                case '`' -> quote('`', "‘", "“");
                case '\'' -> quote('\'', "’", "”");
                default -> out.append(c);
            }
        }
    }

    private void dash() {
        int run = 1;
        while (pos < in.length() && in.charAt(pos) == '-' && run < 3) {
            pos++;
            run++;
        }
        out.append(
                switch (run) {
                    case 1 -> "-";
                    case 2 -> "–";
                    default -> "—";
                });
    }

    private void quote(char mark, String single, String pair) {
        if (pos < in.length() && in.charAt(pos) == mark) {
            pos++;
            out.append(pair);
        } else {
            out.append(single);
        }
    }

    private void command() {
        if (pos >= in.length()) {
            return;
        }
        char c = in.charAt(pos);
        if (!Character.isLetter(c)) {
            pos++;
            Character accent = ACCENTS.get(c);
            if (accent != null) {
                accented(accent);
            } else if (c == '\\') {
                out.append(' '); // a line break
            } else {
                out.append(c); // \& \% \$ \# \_ \{ \} and "\ " (a space)
            }
            return;
        }
        int start = pos;
        while (pos < in.length() && Character.isLetter(in.charAt(pos))) {
            pos++;
        }
        String name = in.substring(start, pos);
        Character accent = name.length() == 1 ? ACCENTS.get(name.charAt(0)) : null;
        if (accent != null) {
            skipSpaces();
            accented(accent);
            return;
        }
        String letter = LETTERS.get(name);
        if (letter != null) {
            out.append(letter);
            if (pos < in.length() && in.charAt(pos) == ' ') {
                pos++; // the space that ends a command name is not text
            }
        }
        // any other command (\emph, \textbf, url, mkbibquote...) is dropped; its argument stays as text
    }

    /** The letter an accent applies to: "{u}", "u", "{\i}" or "\i"; the accent goes after it. */
    private void accented(char combining) {
        boolean braced = pos < in.length() && in.charAt(pos) == '{';
        if (braced) {
            pos++;
        }
        String base = "";
        if (pos < in.length() && in.charAt(pos) == '\\') {
            int start = ++pos;
            while (pos < in.length() && Character.isLetter(in.charAt(pos))) {
                pos++;
            }
            String name = in.substring(start, pos);
            base = name.equals("i") ? "i" : name.equals("j") ? "j" : LETTERS.getOrDefault(name, "");
        } else if (pos < in.length() && in.charAt(pos) != '}') {
            base = String.valueOf(in.charAt(pos++));
        }
        if (braced && pos < in.length() && in.charAt(pos) == '}') {
            pos++;
        }
        out.append(base).append(base.isEmpty() ? "" : String.valueOf(combining));
    }

    private void skipSpaces() {
        while (pos < in.length() && in.charAt(pos) == ' ') {
            pos++;
        }
    }
}
