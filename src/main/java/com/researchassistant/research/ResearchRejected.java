package com.researchassistant.research;

/** A research request that cannot be started as asked; the message says why, for the person asking (400). */
public final class ResearchRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    ResearchRejected(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The request field at fault: "question", "depth" or "sources". */
    public String field() {
        return field;
    }
}
