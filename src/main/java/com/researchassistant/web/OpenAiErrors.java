package com.researchassistant.web;

import com.researchassistant.chat.ChatEvent;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Errors in the shape OpenAI clients parse: {@code {"error":{"message","type","param","code"}}}.
 * Statuses still come from {@link ErrorMapper}; only the body differs from the rest of the API.
 */
final class OpenAiErrors {

    private OpenAiErrors() {}

    /** A request OpenAI would refuse with 400, naming the offending parameter. */
    static final class InvalidRequest extends RuntimeException {

        private final String param;

        InvalidRequest(String param, String message) {
            super(message, null, false, false);
            this.param = param;
        }

        String param() {
            return param;
        }
    }

    static InvalidRequest invalid(String param, String message) {
        return new InvalidRequest(param, message);
    }

    /** Writes a refused request before the response has started, naming the parameter. */
    static void write(ServerRequest req, ServerResponse res, InvalidRequest invalid) {
        Responses.json(
                req,
                res,
                400,
                new OpenAiDto.ErrorBody(
                        new OpenAiDto.Error(invalid.getMessage(), "invalid_request_error", invalid.param(), null)));
    }

    /** Writes a mapped failure before the response has started. */
    static void write(ServerRequest req, ServerResponse res, ApiException e) {
        if (e.retryAfterSeconds() > 0) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        }
        Responses.json(
                req,
                res,
                e.status(),
                new OpenAiDto.ErrorBody(new OpenAiDto.Error(e.getMessage(), type(e.status()), null, e.code())));
    }

    /** The body for a failed answer, sent as a reply or as the last chunk of a stream. */
    static OpenAiDto.ErrorBody of(ChatEvent.Failed failed) {
        return new OpenAiDto.ErrorBody(
                new OpenAiDto.Error(failed.message(), type(ErrorMapper.status(failed.reason())), null, failed.code()));
    }

    static String type(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
