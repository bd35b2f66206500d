package com.researchassistant.sources;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The normal forms of a work's identifiers, so the results of several providers can be matched:
 * a DOI in lower case without resolver prefix, an arXiv id without version or subject class, a
 * PMID as digits, and a key for a URL that ignores scheme, "www.", default ports, fragments,
 * trailing slashes and tracking parameters.
 */
public final class SourceIds {

    private static final Pattern DOI = Pattern.compile("(10\\.\\d{4,9}/\\S+)");
    private static final Pattern DOI_PREFIX = Pattern.compile("^(?:https?://(?:dx\\.)?doi\\.org/|doi\\.org/|doi:\\s*)");
    private static final Pattern ARXIV_DOI = Pattern.compile("^10\\.48550/arxiv\\.(.+)$");
    private static final Pattern ARXIV_NEW = Pattern.compile("(?<![\\d.])(\\d{4}\\.\\d{4,5})(?:v\\d+)?(?:\\.pdf)?$");
    private static final Pattern ARXIV_OLD =
            Pattern.compile("(?<![a-z-])([a-z-]+)(?:\\.[a-z]{2})?/(\\d{7})(?:v\\d+)?(?:\\.pdf)?$");
    private static final Pattern PMID = Pattern.compile(
            "^(?:pmid:\\s*|https?://(?:www\\.)?(?:pubmed\\.ncbi\\.nlm\\.nih\\.gov|ncbi\\.nlm\\.nih\\.gov/pubmed)/)?(\\d{1,9})/?$");
    private static final Pattern TRACKING = Pattern.compile("^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref_src)$");

    private SourceIds() {}

    /** "10.1038/nature12373" from "https://doi.org/10.1038/NATURE12373", "doi:10.1038/...", ... */
    public static Optional<String> doi(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (s.contains("%")) {
            try {
                s = URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        s = DOI_PREFIX.matcher(s).replaceFirst("");
        Matcher m = DOI.matcher(s);
        return m.matches() ? Optional.of(trimPunctuation(m.group(1))) : Optional.empty();
    }

    /**
     * "2101.00001" from "arXiv:2101.00001v2", "https://arxiv.org/abs/2101.00001v2", its PDF link or
     * its DataCite DOI "10.48550/arXiv.2101.00001"; "hep-th/9901001" from old-style ids.
     */
    public static Optional<String> arxivId(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        Matcher fromDoi = ARXIV_DOI.matcher(s);
        if (fromDoi.matches()) {
            s = fromDoi.group(1);
        }
        s = s.replaceFirst("^arxiv:\\s*", "");
        Matcher current = ARXIV_NEW.matcher(s);
        if (current.find()) {
            return Optional.of(current.group(1));
        }
        Matcher old = ARXIV_OLD.matcher(s);
        return old.find() ? Optional.of(old.group(1) + "/" + old.group(2)) : Optional.empty();
    }

    /** "31452104" from "31452104", "PMID: 31452104" or a PubMed page URL. */
    public static Optional<String> pmid(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        Matcher m = PMID.matcher(raw.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        String digits = m.group(1).replaceFirst("^0+", "");
        return digits.isEmpty() ? Optional.empty() : Optional.of(digits);
    }

    /**
     * A key under which two URLs of the same page meet: "example.org/a/b?x=1" for
     * "https://www.Example.org:443/a/b/?utm_source=feed&x=1#top".
     */
    public static String urlKey(URI url) {
        String host = Optional.ofNullable(url.getHost()).orElse("").toLowerCase(Locale.ROOT);
        host = host.startsWith("www.") ? host.substring(4) : host;
        int port = url.getPort();
        boolean defaultPort = port == -1 || port == 80 || port == 443;
        String path = Optional.ofNullable(url.getRawPath()).orElse("");
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String query = Optional.ofNullable(url.getRawQuery())
                .map(q -> Arrays.stream(q.split("&"))
                        .filter(p -> !p.isEmpty()
                                && !TRACKING.matcher(p.split("=", 2)[0].toLowerCase(Locale.ROOT))
                                        .matches())
                        .collect(Collectors.joining("&")))
                .orElse("");
        return host + (defaultPort ? "" : ":" + port) + path + (query.isEmpty() ? "" : "?" + query);
    }

    /** Drops what a sentence around the DOI left at its end: a full stop, a comma, an unmatched bracket. */
    private static String trimPunctuation(String doi) {
        String s = doi;
        while (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            boolean unmatched = last == ')'
                    && s.chars().filter(c -> c == '(').count()
                            < s.chars().filter(c -> c == ')').count();
            if (!unmatched && ".,;\"'".indexOf(last) < 0) {
                return s;
            }
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
