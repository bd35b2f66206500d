package com.researchassistant.chat;

import java.util.Locale;

/** The eight kinds of message the assistant tells apart. */
public enum Intent {
    INFORMATION_REQUEST,
    TASK_EXECUTION,
    CREATIVE_GENERATION,
    ANALYSIS_RESEARCH,
    CASUAL_CONVERSATION,
    TROUBLESHOOTING,
    EDUCATION_LEARNING,
    TECHNICAL_SUPPORT;

    /** The id on the wire and in stored traces, such as "analysis_research". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
