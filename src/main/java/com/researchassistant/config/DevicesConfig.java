package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Linking devices into one identity, and sharing conversations.
 *
 * @param pairingTtl how long a pairing code can be entered (at most 5 minutes)
 * @param attemptsPerDevice codes one browser may try within {@code pairingTtl}
 * @param attemptsPerAddress codes one client address may try within {@code pairingTtl}
 * @param attemptsPerMinute codes everyone together may try in any minute: what keeps guessing
 *     across the code space infeasible however many browsers and addresses try
 * @param lookupTtl how long an instance trusts its cached answer to "which identity is this browser";
 *     an unlink made on another instance takes effect there within it
 * @param shareTtl how long a shared link lives unless the request says otherwise
 * @param maxShareTtl the longest a shared link may live
 */
public record DevicesConfig(
        Duration pairingTtl,
        int attemptsPerDevice,
        int attemptsPerAddress,
        int attemptsPerMinute,
        Duration lookupTtl,
        Duration shareTtl,
        Duration maxShareTtl) {

    /** Codes expire within minutes. */
    public static final Duration MAX_PAIRING_TTL = Duration.ofMinutes(5);

    public DevicesConfig {
        Objects.requireNonNull(pairingTtl, "pairingTtl");
        Objects.requireNonNull(lookupTtl, "lookupTtl");
        Objects.requireNonNull(shareTtl, "shareTtl");
        Objects.requireNonNull(maxShareTtl, "maxShareTtl");
        if (pairingTtl.isNegative() || pairingTtl.isZero() || pairingTtl.compareTo(MAX_PAIRING_TTL) > 0) {
            throw new IllegalArgumentException("pairingTtl must be positive and at most 5 minutes: " + pairingTtl);
        }
        if (attemptsPerDevice < 1 || attemptsPerAddress < 1 || attemptsPerMinute < 1) {
            throw new IllegalArgumentException("pairing attempt limits must be positive");
        }
        if (shareTtl.compareTo(maxShareTtl) > 0) {
            throw new IllegalArgumentException(
                    "shareTtl must not exceed maxShareTtl: " + shareTtl + " > " + maxShareTtl);
        }
    }

    public static DevicesConfig defaults() {
        return new DevicesConfig(
                Duration.ofMinutes(5), 5, 20, 60, Duration.ofSeconds(5), Duration.ofDays(30), Duration.ofDays(365));
    }
}
