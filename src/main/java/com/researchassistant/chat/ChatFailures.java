package com.researchassistant.chat;

import com.researchassistant.llm.LlmException;

/** Turns a failed model call into a {@link ChatEvent.Failed} a person can act on. */
final class ChatFailures {

    private ChatFailures() {}

    static ChatEvent.Failed describe(LlmException e, String partialId) {
        return switch (e.kind()) {
            case NOT_CONFIGURED ->
                failed(
                        "model_not_configured",
                        "No language model is configured.",
                        partialId,
                        ChatEvent.Reason.UNAVAILABLE);
            case AUTH ->
                failed(
                        "upstream_auth",
                        "The language model service refused this server's credentials. "
                                + "The operator needs to check the token.",
                        partialId,
                        ChatEvent.Reason.UPSTREAM);
            case PAYMENT_REQUIRED ->
                failed(
                        "upstream_quota",
                        "The language model account has run out of credits.",
                        partialId,
                        ChatEvent.Reason.UPSTREAM);
            case MODEL_NOT_FOUND ->
                failed(
                        "upstream_model_not_found",
                        "The configured model is not available from the language model service.",
                        partialId,
                        ChatEvent.Reason.UPSTREAM);
            case BAD_REQUEST ->
                failed(
                        "upstream_rejected",
                        "The language model service rejected the request: " + e.getMessage(),
                        partialId,
                        ChatEvent.Reason.UPSTREAM);
            case RATE_LIMITED ->
                failed(
                        "upstream_rate_limited",
                        "The language model service is rate-limiting us. Please try again shortly.",
                        partialId,
                        ChatEvent.Reason.UNAVAILABLE);
            case UNAVAILABLE ->
                failed(
                        "upstream_unavailable",
                        "The language model is busy or still loading. Please try again shortly.",
                        partialId,
                        ChatEvent.Reason.UNAVAILABLE);
            case TIMEOUT ->
                failed(
                        "upstream_timeout",
                        "The language model did not answer in time.",
                        partialId,
                        ChatEvent.Reason.TIMEOUT);
            case NETWORK ->
                failed(
                        "upstream_unreachable",
                        "The language model service could not be reached.",
                        partialId,
                        ChatEvent.Reason.UPSTREAM);
            case UPSTREAM_ERROR, PROTOCOL ->
                failed(
                        "upstream_error",
                        "The language model service failed: " + e.getMessage(),
                        partialId,
                        ChatEvent.Reason.UPSTREAM);
        };
    }

    private static ChatEvent.Failed failed(String code, String message, String partialId, ChatEvent.Reason reason) {
        return new ChatEvent.Failed(code, message, partialId, reason);
    }
}
