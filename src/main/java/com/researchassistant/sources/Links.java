package com.researchassistant.sources;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** URLs to and from providers: query strings built safely, and links read from answers checked. */
final class Links {

    private Links() {}

    /** An absolute http(s) URL with a host, or empty for anything else (javascript:, relative, broken). */
    static Optional<URI> http(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.strip());
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    ? Optional.of(uri)
                    : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code base} + {@code path} + a query of the given name/value pairs, each encoded; a pair
     * whose value is null is left out.
     */
    static URI query(URI base, String path, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        StringBuilder url = new StringBuilder(base.toString().replaceAll("/+$", "")).append(path);
        char separator = '?';
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                url.append(separator).append(encode(pairs[i])).append('=').append(encode(pairs[i + 1]));
                separator = '&';
            }
        }
        return URI.create(url.toString());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
