package com.researchassistant.chat;

import java.util.Objects;

/**
 * What the chat service needs to know of the model.
 *
 * @param modelConfigured false when no model can be called: every message then gets a notice
 */
public record ChatSettings(boolean modelConfigured, String model, double temperature) {

    public ChatSettings {
        Objects.requireNonNull(model, "model");
    }
}
