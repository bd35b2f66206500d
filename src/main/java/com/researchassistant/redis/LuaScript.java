package com.researchassistant.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A Lua script run atomically by Redis, sent by its SHA-1 once Redis has seen it. A restarted
 * Redis has forgotten its scripts; {@link RedisClient#eval} then sends the source again.
 *
 * @param name for errors and logs
 */
public record LuaScript(String name, String source, String sha) {

    public LuaScript {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sha, "sha");
    }

    public static LuaScript of(String name, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(name, source, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
