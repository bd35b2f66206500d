package com.researchassistant.account;

import java.time.Instant;
import java.util.Objects;

/**
 * A browser linked into an identity.
 *
 * @param id names the link in the API (never the cookie or its hash)
 * @param label what kind of browser it is ("Chrome on Android"), from its User-Agent when linked
 * @param current whether it is the browser asking
 */
public record Device(String id, String label, Instant linkedAt, Instant seenAt, boolean current) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(linkedAt, "linkedAt");
        Objects.requireNonNull(seenAt, "seenAt");
    }
}
