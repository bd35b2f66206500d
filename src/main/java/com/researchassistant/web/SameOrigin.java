package com.researchassistant.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The second defence against cross-site request forgery, beside the SameSite=Lax cookie (OWASP's
 * "verify the origin with standard headers" and "Fetch Metadata"): a request that changes data
 * (any method but GET, HEAD and OPTIONS) and identifies itself by the cookie must come from the
 * app's own pages, or from an origin listed in {@code RA_ALLOWED_ORIGINS}.
 *
 * <ol>
 *   <li>{@code Sec-Fetch-Site}, set by the browser and not by the page, decides when present:
 *       {@code same-origin} and {@code none} (typed or bookmarked) pass; {@code same-site} and
 *       {@code cross-site} pass only from an allowed origin.
 *   <li>Otherwise {@code Origin} (browsers without Fetch Metadata, or plain-HTTP hosts, where
 *       browsers leave it out) must be the request's own origin or an allowed one. The own origin
 *       is the scheme and Host the request arrived with, or those a proxy reports in the first
 *       values of {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}. Honouring them cannot let
 *       a forged request through: a page on another site cannot add such headers to a request
 *       without a CORS preflight, which this server never grants. {@code Origin: null} (sandboxed
 *       frames, cross-origin redirects) never passes.
 *   <li>With neither header the request passes: every browser the app runs in sends {@code Origin}
 *       on a cross-origin POST, PATCH or DELETE, so such a request is not one a foreign page made
 *       a browser send; it comes from a script or a tool holding the cookie itself.
 * </ol>
 */
final class SameOrigin {

    private static final HeaderName SEC_FETCH_SITE = HeaderNames.create("Sec-Fetch-Site");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final Set<String> allowedOrigins;

    /** @param allowedOrigins normalised origins ({@code scheme://host[:port]}, default port left out) */
    SameOrigin(Set<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Refuses with 403 {@code cross_site_request} a cookie request that changes data from another site. */
    void check(ServerRequest req) {
        if (SAFE_METHODS.contains(req.prologue().method().text())) {
            return;
        }
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN).map(String::strip);
        Optional<String> site =
                req.headers().first(SEC_FETCH_SITE).map(s -> s.strip().toLowerCase(Locale.ROOT));
        boolean allowed = origin.flatMap(SameOrigin::normalise)
                .map(allowedOrigins::contains)
                .orElse(false);
        if (site.isPresent()) {
            if (!site.get().equals("same-origin") && !site.get().equals("none") && !allowed) {
                throw refused();
            }
            return;
        }
        if (origin.isPresent() && !allowed && !ownOrigin(req, origin.get())) {
            throw refused();
        }
    }

    private static boolean ownOrigin(ServerRequest req, String origin) {
        Optional<String> normalised = normalise(origin);
        if (normalised.isEmpty()) {
            return false;
        }
        String scheme = first(req, HeaderNames.X_FORWARDED_PROTO)
                .map(p -> p.toLowerCase(Locale.ROOT))
                .filter(p -> p.equals("http") || p.equals("https"))
                .orElse(req.isSecure() ? "https" : "http");
        Optional<String> direct = req.headers().first(HeaderNames.HOST).flatMap(h -> normalise(scheme + "://" + h));
        Optional<String> forwarded =
                first(req, HeaderNames.X_FORWARDED_HOST).flatMap(h -> normalise(scheme + "://" + h));
        return normalised.equals(direct) || normalised.equals(forwarded);
    }

    /** The first of a proxy header's comma-separated values: the one the client-facing proxy set. */
    private static Optional<String> first(ServerRequest req, HeaderName name) {
        return req.headers().first(name).map(v -> v.split(",", 2)[0].strip()).filter(v -> !v.isEmpty());
    }

    /** {@code scheme://host[:port]} in lower case with the default port left out; empty for anything else. */
    static Optional<String> normalise(String origin) {
        try {
            URI uri = new URI(origin);
            String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || port == (scheme.equals("https") ? 443 : 80);
            return Optional.of(
                    scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static ApiException refused() {
        return new ApiException(
                403,
                "cross_site_request",
                "Refused: a request that changes data with this app's "
                        + "cookie must come from the app's own pages. API clients send 'Authorization: Bearer <key>'; an app "
                        + "served from another origin needs that origin in RA_ALLOWED_ORIGINS.");
    }
}
