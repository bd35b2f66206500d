package com.researchassistant.research;

import com.researchassistant.config.ResearchConfig;
import java.util.Optional;

/** How far a research job goes; each depth has its own budget ({@link ResearchConfig.Budget}). */
public enum Depth {
    /** About a minute: a few sub-questions, a handful of sources. */
    QUICK("quick"),
    STANDARD("standard"),
    /** About five minutes: up to eight sub-questions and a few dozen sources. */
    DEEP("deep");

    private final String id;

    Depth(String id) {
        this.id = id;
    }

    /** The name used in requests and events: "quick", "standard", "deep". */
    public String id() {
        return id;
    }

    public static Optional<Depth> of(String id) {
        for (Depth depth : values()) {
            if (depth.id.equals(id)) {
                return Optional.of(depth);
            }
        }
        return Optional.empty();
    }

    ResearchConfig.Budget budget(ResearchConfig config) {
        return switch (this) {
            case QUICK -> config.quick();
            case STANDARD -> config.standard();
            case DEEP -> config.deep();
        };
    }
}
