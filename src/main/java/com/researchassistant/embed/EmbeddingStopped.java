package com.researchassistant.embed;

/** An embedding call ended early by its {@link StopSwitch}; nothing was computed. */
public final class EmbeddingStopped extends EmbeddingException {

    private static final long serialVersionUID = 1L;

    EmbeddingStopped(Throwable cause) {
        super("the embedding call was stopped before it finished", cause);
    }
}
