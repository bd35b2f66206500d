package com.researchassistant.db;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** Creates unguessable ids and checks the ids and owners callers pass in; the library uses them too. */
public final class Identifiers {

    static final int MAX_OWNER_LENGTH = 200;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Identifiers() {}

    /** 128 random bits as 22 base64url characters: safe in URLs, cookies and file names. */
    public static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    public static String requireOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
        if (owner.length() > MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException(
                    "owner must be at most " + MAX_OWNER_LENGTH + " characters: " + owner.length());
        }
        return owner;
    }

    public static String requireSessionId(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (sessionId.isBlank()) {
            throw new IllegalArgumentException("sessionId must not be blank");
        }
        return sessionId;
    }
}
