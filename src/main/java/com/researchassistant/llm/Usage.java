package com.researchassistant.llm;

/** Token counts reported by the upstream; -1 where the upstream did not say. */
public record Usage(int promptTokens, int completionTokens) {

    public static final Usage UNKNOWN = new Usage(-1, -1);

    public boolean known() {
        return promptTokens >= 0 && completionTokens >= 0;
    }
}
