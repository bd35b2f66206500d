package com.researchassistant.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The guarded fetch of outside documents (open-access full texts, web pages).
 *
 * @param allow {@code host:port} pairs (lower case, an IPv6 host in brackets) exempt from the
 *     private-address refusal; empty in production, tests list their loopback fakes
 * @param maxBytes the largest document, after decompression
 * @param maxRedirects redirects followed at most
 * @param timeout the most one fetch may take, redirects included, when the caller allows more
 * @param connectTimeout the most one connection may take to open
 */
public record FetchConfig(
        Set<String> allow, int maxBytes, int maxRedirects, Duration timeout, Duration connectTimeout) {

    public FetchConfig {
        allow = allow.stream().map(pair -> pair.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxBytes < 1 || maxRedirects < 0) {
            throw new IllegalArgumentException(
                    "maxBytes must be positive and maxRedirects not negative: " + maxBytes + ", " + maxRedirects);
        }
    }

    /** Whether {@code host:port} (as {@link #allow} spells it) skips the address check. */
    public boolean allows(String host, int port) {
        return allow.contains(host.toLowerCase(Locale.ROOT) + ":" + port);
    }
}
