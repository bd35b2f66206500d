package com.researchassistant.web;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Requests Helidon refuses before routing (a bad percent-escape, a URI or header too long, broken
 * framing, an unsupported HTTP version) answered in the API's error shape rather than with an empty
 * body. The message is fixed per status: Helidon's own text can quote the request.
 */
final class ProtocolErrors implements DirectHandler {

    static DirectHandlers handlers() {
        ProtocolErrors handler = new ProtocolErrors();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        headers.set(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        headers.set(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(Json.bytes(body(status.code())))
                .build();
    }

    private static Dto.ErrorBody body(int status) {
        return switch (status) {
            case 413 -> Dto.error("body_too_large", "The request body is too large.");
            case 414 -> Dto.error("uri_too_long", "The request URI is too long.");
            case 431 -> Dto.error("headers_too_large", "The request headers are too large.");
            case 505 -> Dto.error("http_version_not_supported", "Use HTTP/1.1.");
            default ->
                status < 500
                        ? Dto.error(
                                "bad_request",
                                "The request is not well-formed HTTP (its path, query, headers or framing).")
                        : Dto.error("internal", "Something went wrong on our side; it has been logged.");
        };
    }
}
