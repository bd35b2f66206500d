package com.researchassistant.share;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.chat.Session;
import com.researchassistant.db.Identifiers;
import com.researchassistant.db.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shared conversations: a snapshot taken when the link is made, behind an unguessable token,
 * until it expires or its owner revokes it (or deletes the conversation).
 */
public final class Shares {

    /** A live share's snapshot, for the reader of the link. */
    public record Opened(Snapshot snapshot, Instant expiresAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcShareStore store;
    private final Clock clock;

    public Shares(JdbcShareStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Shares the session as it is now, for {@code ttl}. The caller has checked the owner owns it. */
    public Share create(String owner, Session session, Duration ttl) {
        Identifiers.requireOwner(owner);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        Instant now = now();
        Share share = new Share(Identifiers.newId(), session.id(), token(), now, now.plus(ttl));
        store.insert(owner, share, json(Snapshots.of(session, now)));
        return share;
    }

    public List<Share> list(String owner, String sessionId) {
        return store.list(owner, sessionId, now());
    }

    public boolean revoke(String owner, String sessionId, String shareId) {
        return store.delete(owner, sessionId, shareId);
    }

    public Optional<Opened> open(String token) {
        return store.open(token, now()).map(s -> new Opened(snapshot(s.snapshotJson()), s.expiresAt()));
    }

    private static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String json(Snapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write a snapshot", e);
        }
    }

    private static Snapshot snapshot(String json) {
        try {
            return JSON.readValue(json, Snapshot.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read a stored snapshot", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
