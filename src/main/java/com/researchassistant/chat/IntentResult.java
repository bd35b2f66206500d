package com.researchassistant.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * What a message is asking for.
 *
 * @param confidence from 0 to 1
 * @param method "llm" when a model classified it, "rules" otherwise
 */
public record IntentResult(Intent primary, double confidence, Optional<Intent> secondary, String method) {

    public IntentResult {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        Objects.requireNonNull(method, "method");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within [0, 1]: " + confidence);
        }
    }
}
