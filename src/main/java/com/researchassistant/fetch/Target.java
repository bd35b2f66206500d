package com.researchassistant.fetch;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where one request goes: an http(s) URL taken apart.
 *
 * @param host the host as the URL spells it, lower case (an IPv6 literal in brackets)
 * @param requestTarget the path and query to send, ASCII and percent-encoded
 */
record Target(URI url, boolean tls, String host, int port, String requestTarget) {

    static Target of(URI url) {
        if (!url.isAbsolute()) {
            throw new FetchException(
                    FetchException.Kind.SCHEME_REFUSED, "not an absolute URL: " + Target.shorten(url), null);
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(
                    FetchException.Kind.SCHEME_REFUSED, "only http and https URLs are fetched, not " + scheme, null);
        }
        URI ascii = URI.create(url.toASCIIString());
        if (ascii.getHost() == null || ascii.getHost().isEmpty()) {
            throw new FetchException(FetchException.Kind.UNREACHABLE, "the URL names no host: " + shorten(url), null);
        }
        boolean tls = scheme.equals("https");
        int port = ascii.getPort() == -1 ? (tls ? 443 : 80) : ascii.getPort();
        String path = Optional.ofNullable(ascii.getRawPath())
                .filter(p -> !p.isEmpty())
                .orElse("/");
        String query =
                Optional.ofNullable(ascii.getRawQuery()).map(q -> "?" + q).orElse("");
        return new Target(url, tls, ascii.getHost().toLowerCase(Locale.ROOT), port, path + query);
    }

    /** The host without IPv6 brackets, as DNS, SNI and certificates want it. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    boolean literalAddress() {
        return host.startsWith("[") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** The Host header: the port only when it is not the scheme's default. */
    String hostHeader() {
        return port == (tls ? 443 : 80) ? host : host + ":" + port;
    }

    static String shorten(URI url) {
        String s = url.toString();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
