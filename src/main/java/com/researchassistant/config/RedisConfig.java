package com.researchassistant.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared Redis is and how long to wait for it.
 *
 * @param database the logical database number (the URL's path), 0 by default
 * @param user empty for the default user (password-only {@code AUTH})
 * @param tls true for a {@code rediss://} URL
 * @param timeout both the connect and the read timeout of one command
 * @param poolSize connections kept at most; a caller waits at most {@code timeout} for one
 */
public record RedisConfig(
        String host,
        int port,
        int database,
        Optional<String> user,
        Optional<Secret> password,
        boolean tls,
        Duration timeout,
        int poolSize) {

    static final int DEFAULT_PORT = 6379;

    public RedisConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("database must not be negative: " + database);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
    }

    /**
     * Parses {@code redis://[user:password@]host[:port][/db]} or the same with {@code rediss://}
     * (TLS). Error messages never repeat the URL, which may hold the password.
     *
     * @throws IllegalArgumentException naming what is wrong, without the URL
     */
    public static RedisConfig fromUrl(String url, Duration timeout, int poolSize) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (expected redis://[user:password@]host:port[/db])");
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("must start with redis:// or rediss://, got a '" + scheme + "' URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("must name a host (redis://host:port)");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment");
        }
        return new RedisConfig(
                uri.getHost(),
                uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                database(uri.getPath()),
                user(uri.getRawUserInfo()),
                password(uri.getRawUserInfo()),
                scheme.equals("rediss"),
                timeout,
                poolSize);
    }

    private static int database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return 0;
        }
        try {
            int db = Integer.parseInt(path.substring(1));
            if (db >= 0) {
                return db;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("path must be a database number such as /0");
    }

    /** {@code user:password} names a user; {@code :password} or {@code password} alone is the default user. */
    private static Optional<String> user(String userInfo) {
        if (userInfo == null || userInfo.indexOf(':') <= 0) {
            return Optional.empty();
        }
        return Optional.of(decode(userInfo.substring(0, userInfo.indexOf(':'))));
    }

    private static Optional<Secret> password(String userInfo) {
        if (userInfo == null) {
            return Optional.empty();
        }
        String raw = userInfo.substring(userInfo.indexOf(':') + 1);
        return raw.isEmpty() ? Optional.empty() : Optional.of(new Secret(decode(raw)));
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has a badly escaped user or password (use %XX escapes)");
        }
    }

    /** Host, port and database, safe for logs. */
    public String describe() {
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }
}
