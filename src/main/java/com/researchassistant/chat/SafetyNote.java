package com.researchassistant.chat;

import java.util.Objects;

/**
 * A warning attached to an answer; the answer itself is never withheld.
 *
 * @param category "medical", "legal", "financial", "personal_data" or "unsafe_instructions"
 * @param severity "info" or "warning"
 */
public record SafetyNote(String category, String severity, String message) {

    public SafetyNote {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
