package com.researchassistant.research;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The keys under which two search results are the same work: its DOI, arXiv id or PMID (also
 * when only a link says them, such as {@code https://doi.org/...} or {@code arxiv.org/abs/...}),
 * and its normalised URLs. Providers normalise ids already; this normalises again, because one
 * provider's slip must not make a duplicate.
 */
final class SourceKeys {

    private static final Pattern DOI_PREFIX =
            Pattern.compile("^(?:https?://(?:dx\\.)?doi\\.org/|doi:\\s*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ARXIV_PATH =
            Pattern.compile("^/(?:abs|pdf|html)/([^/]+?/?\\d+(?:\\.\\d+)?)(?:v\\d+)?(?:\\.pdf)?/?$");
    private static final Pattern ARXIV_VERSION = Pattern.compile("v\\d+$");
    private static final Pattern PUBMED_PATH = Pattern.compile("^/(\\d+)/?$");
    private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "ref", "ref_src", "mc_cid", "mc_eid");

    private SourceKeys() {}

    static Set<String> of(ReportSource source) {
        Set<String> keys = new LinkedHashSet<>();
        if (!source.documentId().isEmpty()) {
            keys.add("library:" + source.documentId());
        }
        if (!source.doi().isEmpty()) {
            keys.add("doi:" + doi(source.doi()));
        }
        if (!source.arxivId().isEmpty()) {
            keys.add("arxiv:" + arxiv(source.arxivId()));
        }
        if (!source.pmid().isEmpty()) {
            keys.add("pmid:" + source.pmid().strip());
        }
        for (String url : new String[] {source.url(), source.fullTextUrl()}) {
            if (!url.isBlank()) {
                keys.add(url(url));
            }
        }
        return keys;
    }

    static String doi(String raw) {
        return DOI_PREFIX.matcher(raw.strip()).replaceFirst("").toLowerCase(Locale.ROOT);
    }

    static String arxiv(String raw) {
        String id = raw.strip().replaceFirst("(?i)^arxiv:", "");
        return ARXIV_VERSION.matcher(id).replaceFirst("").toLowerCase(Locale.ROOT);
    }

    /**
     * A URL's key: a DOI, arXiv or PubMed link becomes that id's key; any other loses its scheme,
     * {@code www.}, default port, fragment, trailing slash and tracking parameters, and sorts the
     * parameters it keeps.
     */
    static String url(String raw) {
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            return "url:" + raw.strip().toLowerCase(Locale.ROOT);
        }
        if (uri.getHost() == null) {
            return "url:" + raw.strip().toLowerCase(Locale.ROOT);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "");
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (host.equals("doi.org") || host.equals("dx.doi.org")) {
            return "doi:" + doi(path.replaceFirst("^/", ""));
        }
        Matcher arxiv = ARXIV_PATH.matcher(path);
        if (host.equals("arxiv.org") && arxiv.matches()) {
            return "arxiv:" + arxiv(arxiv.group(1));
        }
        Matcher pubmed = PUBMED_PATH.matcher(path);
        if (host.equals("pubmed.ncbi.nlm.nih.gov") && pubmed.matches()) {
            return "pmid:" + pubmed.group(1);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == 80 || port == 443;
        return "url:" + host + (defaultPort ? "" : ":" + port) + path.replaceFirst("/+$", "")
                + query(uri.getRawQuery());
    }

    private static String query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        String kept = Arrays.stream(raw.split("&"))
                .filter(pair -> !pair.isEmpty())
                .filter(pair -> {
                    String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
                    return !name.startsWith("utm_") && !TRACKING.contains(name);
                })
                .sorted()
                .collect(Collectors.joining("&"));
        return kept.isEmpty() ? "" : "?" + kept;
    }
}
