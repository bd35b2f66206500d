package com.researchassistant.web;

import com.researchassistant.account.LinkRefused;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.NotRetryable;
import com.researchassistant.chat.SessionNotFound;
import com.researchassistant.db.StoreUnavailableException;
import com.researchassistant.library.DocumentRejected;
import com.researchassistant.limit.LimitExceeded;
import com.researchassistant.redis.RedisUnavailable;
import com.researchassistant.viewer.ViewerRefused;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns failures into HTTP statuses and error bodies. */
final class ErrorMapper {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    /** Redis outages seen so far were restarts or failovers of seconds. */
    private static final long CACHE_RETRY_SECONDS = 2;

    private static final long STORE_RETRY_AFTER_SECONDS = 5;

    private ErrorMapper() {}

    static int status(ChatEvent.Reason reason) {
        return switch (reason) {
            case UPSTREAM -> 502;
            case UNAVAILABLE -> 503;
            case TIMEOUT -> 504;
            case NOT_FOUND -> 404;
        };
    }

    static ApiException map(ServerRequest req, Throwable failure) {
        return switch (failure) {
            case ApiException api -> api;
            case SessionNotFound notFound -> ApiException.notFound("session");
            case NotRetryable refused ->
                refused.reason() == NotRetryable.Reason.UNKNOWN_MESSAGE
                        ? new ApiException(404, "message_not_found", refused.getMessage())
                        : new ApiException(409, "not_retryable", refused.getMessage());
            case DocumentRejected rejected -> rejected(rejected);
            case ViewerRefused refused -> viewer(refused);
            case LimitExceeded limit -> limited(limit);
            case LinkRefused refused -> linkRefused(refused);
            case RedisUnavailable down -> {
                log.debug(
                        "{} {}: {}", req.prologue().method().text(), req.path().path(), down.getMessage());
                yield new ApiException(
                        503,
                        "cache_unavailable",
                        "The shared cache is unreachable, so this cannot be done safely now. Please retry shortly.",
                        CACHE_RETRY_SECONDS);
            }
            case StoreUnavailableException unavailable -> storeUnavailable(req, unavailable);
            case HttpException http when http.status().code() < 500 -> routing(req, http);
            default -> {
                log.error(
                        "{} {} failed",
                        req.prologue().method().text(),
                        req.path().path(),
                        failure);
                yield new ApiException(500, "internal", "Something went wrong on our side; it has been logged.");
            }
        };
    }

    /** Helidon's own refusals during routing, such as no route matching the path. */
    private static ApiException routing(ServerRequest req, HttpException e) {
        int status = e.status().code();
        return switch (status) {
            case 404 ->
                new ApiException(
                        404,
                        "not_found",
                        "Nothing here: " + req.prologue().method().text() + " "
                                + req.path().path());
            case 405 ->
                new ApiException(
                        405,
                        "method_not_allowed",
                        "This path does not take " + req.prologue().method().text() + ".");
            default -> new ApiException(status, "bad_request", "The request cannot be served as sent.");
        };
    }

    private static ApiException limited(LimitExceeded e) {
        return switch (e.kind()) {
            case RATE ->
                new ApiException(
                        429,
                        "rate_limited",
                        "Too many messages: at most " + e.limit() + " a minute. Please retry in "
                                + e.retryAfterSeconds() + " s.",
                        e.retryAfterSeconds());
            case ANSWERS ->
                new ApiException(
                        429,
                        "too_many_answers",
                        "You already have " + e.limit() + " answers in progress; wait for one to finish.",
                        e.retryAfterSeconds());
        };
    }

    private static ApiException linkRefused(LinkRefused e) {
        return switch (e.reason()) {
            case INVALID_CODE -> ApiException.badRequest("invalid_code", e.getMessage());
            case TOO_MANY_ATTEMPTS -> new ApiException(429, "too_many_attempts", e.getMessage(), e.retryAfterSeconds());
            case ALREADY_LINKED -> new ApiException(409, "already_linked", e.getMessage());
            case LINKED_ELSEWHERE -> new ApiException(409, "linked_elsewhere", e.getMessage());
            case BUSY -> new ApiException(409, "library_busy", e.getMessage());
        };
    }

    /** Logged without the stack: the cause is outside the process and the log would fill up during an outage. */
    static ApiException storeUnavailable(ServerRequest req, StoreUnavailableException e) {
        log.warn(
                "{} {} answered 503: {}",
                req.prologue().method().text(),
                req.path().path(),
                e.getMessage());
        return new ApiException(
                503,
                "store_unavailable",
                "The database is unreachable right now, so this request was not completed. Please retry shortly.",
                STORE_RETRY_AFTER_SECONDS);
    }

    private static ApiException viewer(ViewerRefused e) {
        return switch (e.kind()) {
            case BAD_REQUEST -> ApiException.badRequest("invalid_field", e.getMessage());
            case BUSY -> new ApiException(503, "viewer_busy", e.getMessage(), ViewerRefused.BUSY_RETRY_SECONDS);
            case UNREADABLE -> new ApiException(422, "unreadable_document", e.getMessage());
        };
    }

    private static ApiException rejected(DocumentRejected e) {
        return switch (e.kind()) {
            case UNSUPPORTED_TYPE -> new ApiException(415, "unsupported_media_type", e.getMessage());
            case CORRUPT -> ApiException.badRequest("corrupt_document", e.getMessage());
            case EMPTY -> ApiException.badRequest("empty_document", e.getMessage());
            case TOO_LARGE -> new ApiException(413, "document_too_large", e.getMessage());
            case NEEDS_OCR -> ApiException.badRequest("needs_ocr", e.getMessage());
        };
    }

    /**
     * The router's one error handler: writes the failure in the shape of the API the path belongs
     * to (OpenAI's under {@code /v1/}), or, once the response has started, leaves the connection to
     * be closed.
     */
    static void handle(ServerRequest req, ServerResponse res, Exception failure) {
        boolean openAi = req.path().path().startsWith("/v1/");
        if (openAi && failure instanceof OpenAiErrors.InvalidRequest invalid) {
            if (!res.isSent()) {
                OpenAiErrors.write(req, res, invalid);
            }
            return;
        }
        ApiException e = map(req, failure);
        if (res.isSent()) {
            log.debug(
                    "{} {} failed after the response started: {}",
                    req.prologue().method().text(),
                    req.path().path(),
                    e.code());
        } else if (openAi) {
            OpenAiErrors.write(req, res, e);
        } else {
            Responses.error(req, res, e);
        }
    }
}
