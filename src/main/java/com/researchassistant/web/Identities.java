package com.researchassistant.web;

import com.researchassistant.config.Secret;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Who is asking. API clients send {@code Authorization: Bearer <key>}; browsers get an
 * unguessable id in an HttpOnly, SameSite cookie on first visit, and their writes must come from
 * the app's own pages ({@link SameOrigin}). Stores see only a hash of the
 * key or cookie, so a leaked database does not leak credentials.
 *
 * <p>A browser's cookie hashes to its device id; browsers linked into one account act as that
 * account, so every cookie request is resolved through the device links ({@code accounts}, cached).
 * Bearer keys are not linked.
 */
final class Identities {

    static final String COOKIE = "ra_uid";
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MIN_KEY_CHARS = 16;
    private static final long COOKIE_MAX_AGE_SECONDS = 400L * 24 * 3600;

    private final List<byte[]> allowedKeyHashes;
    private final SameOrigin sameOrigin;
    private final SecureRandom random = new SecureRandom();
    private final UnaryOperator<String> accounts;

    /** Without linked devices: each browser is its own identity. */
    Identities(Set<Secret> apiKeys, SameOrigin sameOrigin) {
        this(apiKeys, sameOrigin, UnaryOperator.identity());
    }

    /** @param accounts the identity a device (a cookie's own id) acts as */
    Identities(Set<Secret> apiKeys, SameOrigin sameOrigin, UnaryOperator<String> accounts) {
        this.allowedKeyHashes = apiKeys.stream().map(k -> sha256(k.value())).toList();
        this.sameOrigin = sameOrigin;
        this.accounts = accounts;
    }

    /**
     * The owner id of the request; sets a new cookie on the response when the browser has none. A
     * request that changes data by the cookie (or by one about to be issued) must pass {@link
     * SameOrigin} first: 403 otherwise, and no cookie is issued.
     */
    String resolve(ServerRequest req, ServerResponse res) {
        Optional<String> authorization = req.headers().first(HeaderNames.AUTHORIZATION);
        if (authorization.isPresent()) {
            return "k:" + HexFormat.of().formatHex(sha256(bearerKey(authorization.get())), 0, 16);
        }
        return accounts.apply(browserDevice(req, res));
    }

    /**
     * The device id of a browser request (its cookie's own identity, before linking), for linking
     * devices; empty for an API client, whose key is not a device.
     */
    Optional<String> device(ServerRequest req, ServerResponse res) {
        if (req.headers().first(HeaderNames.AUTHORIZATION).isPresent()) {
            resolve(req, res); // a bad key is still a 401
            return Optional.empty();
        }
        return Optional.of(browserDevice(req, res));
    }

    private String browserDevice(ServerRequest req, ServerResponse res) {
        sameOrigin.check(req);
        String cookie = cookie(req).orElseGet(() -> issueCookie(req, res));
        return "c:" + HexFormat.of().formatHex(sha256(cookie), 0, 16);
    }

    /** Sets the identity cookie if the browser has none yet (used by the page itself). */
    void ensureCookie(ServerRequest req, ServerResponse res) {
        if (cookie(req).isEmpty()) {
            issueCookie(req, res);
        }
    }

    private byte[] bearerKey(String header) {
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("bearer")) {
            throw unauthorized("Use 'Authorization: Bearer <key>'.");
        }
        String key = parts[1].strip();
        if (key.length() < MIN_KEY_CHARS) {
            throw unauthorized("The API key is too short.");
        }
        byte[] hash = sha256(key);
        if (!allowedKeyHashes.isEmpty() && allowedKeyHashes.stream().noneMatch(h -> MessageDigest.isEqual(h, hash))) {
            throw unauthorized("The API key is not valid.");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    private static Optional<String> cookie(ServerRequest req) {
        for (String header : req.headers().all(HeaderNames.COOKIE, List::of)) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(COOKIE)) {
                    String value = pair.substring(eq + 1).strip();
                    if (COOKIE_VALUE.matcher(value).matches()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private String issueCookie(ServerRequest req, ServerResponse res) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String secure = secure(req) ? "; Secure" : "";
        res.header(
                HeaderNames.SET_COOKIE,
                COOKIE + "=" + value + "; Path=/; Max-Age=" + COOKIE_MAX_AGE_SECONDS + "; HttpOnly; SameSite=Lax"
                        + secure);
        return value;
    }

    private static boolean secure(ServerRequest req) {
        return req.isSecure()
                || req.headers()
                        .first(HeaderNames.X_FORWARDED_PROTO)
                        .map(p -> p.toLowerCase(Locale.ROOT).equals("https"))
                        .orElse(false);
    }

    private static byte[] sha256(String value) {
        return sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
