package com.researchassistant.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * What a message is asking for.
 *
 * @param confidence from 0 to 1
 * @param method who classified it
 */
public record IntentResult(Intent primary, double confidence, Optional<Intent> secondary, Method method) {

    /** Who classified a message. */
    public enum Method {
        /** The rules, from the words of the question. */
        RULES("rules"),
        /** The classification model. */
        MODEL("llm");

        private final String id;

        Method(String id) {
            this.id = id;
        }

        /** The word the API uses for it: "rules" or "llm". */
        public String id() {
            return id;
        }
    }

    public IntentResult {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(secondary, "secondary");
        Objects.requireNonNull(method, "method");
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be within [0, 1]: " + confidence);
        }
    }
}
