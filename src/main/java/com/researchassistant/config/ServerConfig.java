package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The HTTP face.
 *
 * @param maxMessageChars the longest chat message accepted (longer answers 413)
 * @param maxBodyBytes the largest JSON request body accepted (larger answers 413)
 * @param heartbeat how often an idle SSE stream gets a comment line so proxies keep it open
 * @param maxUploadBytes the largest library upload accepted (larger answers 413)
 * @param apiKeys the Bearer keys accepted; empty accepts any key of at least 16 characters,
 *     each key being its own identity
 * @param allowedOrigins origins ({@code https://host[:port]}, lower case, default port left out)
 *     besides the app's own whose pages may send state-changing requests with the identity cookie
 */
public record ServerConfig(
        int port,
        int maxMessageChars,
        int maxBodyBytes,
        int maxUploadBytes,
        Duration heartbeat,
        Set<Secret> apiKeys,
        Set<String> allowedOrigins) {

    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxMessageChars < 1 || maxBodyBytes < 1 || maxUploadBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        Objects.requireNonNull(heartbeat, "heartbeat");
        apiKeys = Set.copyOf(apiKeys);
        allowedOrigins = Set.copyOf(allowedOrigins);
    }
}
