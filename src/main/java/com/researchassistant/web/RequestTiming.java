package com.researchassistant.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Around every request: the {@code nosniff} header, and the {@code ra.http.requests} timer labelled
 * with the route pattern the router matched (not the path, so ids do not multiply the series). The
 * error handler runs inside the chain, so the status recorded is the one the client got.
 */
final class RequestTiming implements Filter {

    /** The label of requests no route matched. */
    static final String UNMATCHED = "unmatched";

    private final WebMetrics metrics;
    private final Clock clock;
    /** Patterns registered for any method: their label is {@code ANY}, as clients can send any token as a method. */
    private final Set<String> anyMethodPatterns;

    RequestTiming(WebMetrics metrics, Clock clock, Set<String> anyMethodPatterns) {
        this.metrics = metrics;
        this.clock = clock;
        this.anyMethodPatterns = Set.copyOf(anyMethodPatterns);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Instant start = clock.instant();
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        try {
            chain.proceed();
        } finally {
            String route = req.matchingPattern().orElse(UNMATCHED);
            String method = route.equals(UNMATCHED) || anyMethodPatterns.contains(route)
                    ? "ANY"
                    : req.prologue().method().text();
            metrics.request(method, route, res.status().code(), Duration.between(start, clock.instant()));
        }
    }
}
