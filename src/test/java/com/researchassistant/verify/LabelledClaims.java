package com.researchassistant.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-labelled claims about the sample library ({@code src/test/resources/verify/sample-claims.tsv}),
 * each with the text of the sample section it cites.
 */
final class LabelledClaims {

    /** What a claim really is with respect to its passage. */
    enum Label {
        SUPPORTED,
        CONTRADICTED,
        UNRELATED,
        NUMBERS;

        /** Everything but supported should be flagged unsupported. */
        boolean unsupported() {
            return this != SUPPORTED;
        }
    }

    record Labelled(Label label, String claim, String passage, String origin) {}

    private static final Pattern HTML_TAG = Pattern.compile("<[^>]+>");

    private LabelledClaims() {}

    static List<Labelled> samples() {
        List<Labelled> set = new ArrayList<>();
        for (String line : resource("/verify/sample-claims.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            set.add(new Labelled(
                    Label.valueOf(f[0].toUpperCase(Locale.ROOT)), f[3], section(f[1], f[2]), f[1] + " > " + f[2]));
        }
        return List.copyOf(set);
    }

    /** The text under {@code heading} in a sample, up to the next heading. */
    static String section(String file, String heading) {
        String text = resource("/samples/" + file);
        return file.endsWith(".html") ? htmlSection(text, heading) : markdownSection(text, heading);
    }

    private static String markdownSection(String text, String heading) {
        StringBuilder section = new StringBuilder();
        boolean inside = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                if (inside) {
                    break;
                }
                inside = line.replaceFirst("^#+\\s*", "").strip().equals(heading);
                continue;
            }
            if (inside) {
                section.append(line).append('\n');
            }
        }
        if (!inside) {
            throw new IllegalArgumentException("no section '" + heading + "' in the sample");
        }
        return section.toString().strip();
    }

    private static String htmlSection(String html, String heading) {
        Matcher m = Pattern.compile(">" + Pattern.quote(heading) + "</h\\d>").matcher(html);
        if (!m.find()) {
            throw new IllegalArgumentException("no section '" + heading + "' in the sample");
        }
        int next = html.indexOf("<h", m.end());
        int end = next < 0 ? html.indexOf("<script", m.end()) : next;
        String body = html.substring(m.end(), end < 0 ? html.length() : end);
        String text = HTML_TAG.matcher(body.replace("</li>", "\n").replace("</p>", "\n\n"))
                .replaceAll("");
        return text.replaceAll("[ \\t]+", " ").replaceAll("\n ", "\n").strip();
    }

    private static String resource(String path) {
        try (InputStream in = LabelledClaims.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
