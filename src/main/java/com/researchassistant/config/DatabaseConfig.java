package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The durable store's database, when it is not the embedded SQLite file.
 *
 * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL; it may carry a password, so it
 *     is shown only through {@link #redact}
 * @param user the login, when not in the URL
 * @param password the password, when not in the URL
 * @param poolSize connections each of the two stores (sessions, library) keeps at most (PostgreSQL)
 * @param timeout how long a request waits for a connection before it fails with "unavailable"
 */
public record DatabaseConfig(
        String url, Optional<String> user, Optional<Secret> password, int poolSize, Duration timeout) {

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    public DatabaseConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
        }
    }

    /** A URL alone, with the defaults: for tests and tools. */
    public static DatabaseConfig of(String url) {
        return new DatabaseConfig(url, Optional.empty(), Optional.empty(), 8, Duration.ofSeconds(3));
    }

    /** Whether the URL selects PostgreSQL. */
    public boolean postgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** The URL with any password in it replaced by {@code ****}, fit for logs and messages. */
    public static String redact(String url) {
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1****");
        return USER_INFO.matcher(masked).replaceAll("$1****@");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + redact(url) + ", user=" + user.orElse("") + ", password="
                + password.map(Secret::toString).orElse("none") + ", poolSize=" + poolSize + ", timeout=" + timeout
                + "]";
    }
}
