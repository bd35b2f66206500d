package com.researchassistant.account;

import java.time.Instant;
import java.util.Objects;

/**
 * A pairing code just made, shown once on the device that made it: the server keeps only its hash.
 *
 * @param code 8 characters of {@link PairingCode#ALPHABET}, without the separator
 */
public record Pairing(String code, Instant expiresAt) {

    public Pairing {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The code as people read it: two groups of four ("K7QM-2XPA"). */
    public String display() {
        return code.substring(0, 4) + "-" + code.substring(4);
    }

    @Override
    public String toString() {
        return "Pairing[code=(hidden), expiresAt=" + expiresAt + "]";
    }
}
