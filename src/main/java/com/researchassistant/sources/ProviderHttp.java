package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.sources.SourceException.Kind;
import com.researchassistant.time.Deadline;
import com.researchassistant.time.Sleeper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * One provider's calls: waits for its rate limiter, sends, retries 429 and 5xx as long as the
 * deadline allows (a wait the deadline cannot hold is not started), and turns every failure into a
 * {@link SourceException}. Redirects are not followed: the base URLs are configuration, and a
 * provider's answer must not lead the server anywhere else. Nothing it logs or throws holds a URL
 * (OpenAlex's and PubMed's hold their keys), a header or a body.
 */
final class ProviderHttp {

    private static final Logger log = LoggerFactory.getLogger(ProviderHttp.class);
    /** The longest a provider's Retry-After closes its rate limiter for the whole process. */
    private static final Duration MAX_HOLD = Duration.ofMinutes(5);

    private static final Pattern SECONDS = Pattern.compile("\\d{1,9}(\\.\\d+)?");

    private final String provider;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final CallPolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;

    ProviderHttp(
            String provider, HttpClient http, RateLimiter limiter, CallPolicy policy, Clock clock, Sleeper sleeper) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.http = Objects.requireNonNull(http, "http");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** The deadline of a call the caller allows {@code budget} for. */
    Deadline deadline(Duration budget) {
        return Deadline.within(clock, Objects.requireNonNull(budget, "budget"), policy.cap());
    }

    /** A request (a GET unless the caller says otherwise) for {@code uri} with the project's User-Agent. */
    HttpRequest.Builder request(URI uri, String accept) {
        return HttpRequest.newBuilder(uri)
                .header("User-Agent", policy.userAgent())
                .header("Accept", accept);
    }

    /** The body of a 2xx answer to {@code request}, after waiting for the rate limit and retrying. */
    byte[] send(HttpRequest.Builder request, Deadline deadline) throws InterruptedException {
        return call(request, deadline, Missing.FAILS)
                .orElseThrow(() -> new IllegalStateException("a 404 is a failure of this call"));
    }

    /** Like {@link #send}, but a 404 (the thing asked for does not exist) answers empty. */
    Optional<byte[]> sendUnlessMissing(HttpRequest.Builder request, Deadline deadline) throws InterruptedException {
        return call(request, deadline, Missing.IS_EMPTY);
    }

    /** The JSON object {@link #send} answers, or a MALFORMED failure. */
    JsonNode json(HttpRequest.Builder request, Deadline deadline) throws InterruptedException {
        return Json.object(send(request, deadline), this);
    }

    /** The XML document {@link #send} answers, or a MALFORMED failure whose message {@code notXml} leads. */
    Document xml(HttpRequest.Builder request, Deadline deadline, String notXml) throws InterruptedException {
        byte[] body = send(request, deadline);
        try {
            return SafeXml.parse(body);
        } catch (SafeXml.MalformedXml e) {
            throw malformed(notXml + ": " + e.getMessage(), e);
        }
    }

    private enum Missing {
        FAILS,
        IS_EMPTY
    }

    private Optional<byte[]> call(HttpRequest.Builder request, Deadline deadline, Missing missing)
            throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            awaitPermit(deadline);
            try {
                return once(request, deadline, missing);
            } catch (SourceException e) {
                boolean retryable = e.kind() == Kind.RATE_LIMITED || e.kind() == Kind.UNAVAILABLE;
                if (!retryable || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                pauseBeforeRetry(e, attempt, deadline);
            }
        }
    }

    private void pauseBeforeRetry(SourceException failure, int attempt, Deadline deadline) throws InterruptedException {
        Duration wait = failure.retryAfter().orElseGet(() -> policy.backoff(attempt));
        if (failure.kind() == Kind.RATE_LIMITED) {
            limiter.holdOff(wait.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : wait); // the other jobs hold back too
        }
        if (wait.compareTo(deadline.remaining()) >= 0) {
            throw new SourceException(
                    provider,
                    failure.kind(),
                    "gave up: the time left is shorter than the wait before a retry",
                    Optional.of(wait),
                    failure);
        }
        log.info(
                "source retry provider={} kind={} attempt={} waitMs={}",
                provider,
                failure.kind(),
                attempt,
                wait.toMillis());
        if (failure.kind() != Kind.RATE_LIMITED) {
            sleeper.sleep(wait); // a rate limit's wait happens in awaitPermit
        }
    }

    private void awaitPermit(Deadline deadline) throws InterruptedException {
        Optional<Duration> wait = limiter.reserve(deadline.remaining());
        if (wait.isEmpty()) {
            throw new SourceException(
                    provider,
                    Kind.RATE_LIMITED,
                    "the rate limit allows no call within the time left",
                    Optional.of(limiter.nextWait()),
                    null);
        }
        if (!wait.get().isZero()) {
            sleeper.sleep(wait.get());
        }
    }

    private Optional<byte[]> once(HttpRequest.Builder request, Deadline deadline, Missing missing)
            throws InterruptedException {
        Duration remaining = deadline.remaining();
        if (remaining.isZero()) {
            throw timeout(null);
        }
        Instant started = clock.instant();
        HttpRequest timed = request.copy().timeout(remaining).build();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(
                timed, info -> info.statusCode() / 100 == 2 ? new CappedBody(policy.maxBytes()) : CappedBody.skipped());
        HttpResponse<byte[]> response;
        try {
            response = future.get(Math.max(1, remaining.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw failed(e.getCause());
        }
        log.info(
                "source call provider={} status={} latencyMs={} bytes={}",
                provider,
                response.statusCode(),
                Duration.between(started, clock.instant()).toMillis(),
                response.body().length);
        if (response.statusCode() == 404 && missing == Missing.IS_EMPTY) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw fromStatus(response.statusCode(), response.headers());
        }
        return Optional.of(response.body());
    }

    private SourceException fromStatus(int status, HttpHeaders headers) {
        Optional<Duration> retryAfter = headers.firstValue("retry-after").flatMap(this::parseRetryAfter);
        String answered = "answered " + status;
        if (status == 429) {
            return new SourceException(provider, Kind.RATE_LIMITED, answered + " (rate limited)", retryAfter, null);
        }
        if (status >= 500 || status == 408) {
            return new SourceException(provider, Kind.UNAVAILABLE, answered + " (unavailable)", retryAfter, null);
        }
        if (status == 401 || status == 403) {
            return new SourceException(
                    provider, Kind.REFUSED, answered + " (the key is missing or was refused)", Optional.empty(), null);
        }
        if (status >= 400) {
            return new SourceException(
                    provider, Kind.REFUSED, answered + " (the request was refused)", Optional.empty(), null);
        }
        if (status / 100 == 3) {
            return malformed(answered + " (a redirect, which is not followed: configure the URL it points to)", null);
        }
        return malformed(answered + " (not an answer of the documented API)", null);
    }

    private SourceException failed(Throwable cause) {
        if (cause instanceof HttpTimeoutException) {
            return timeout(cause);
        }
        if (cause instanceof CappedBody.TooLarge) {
            return malformed("the answer is larger than " + policy.maxBytes() + " bytes", cause);
        }
        if (cause instanceof ConnectException) {
            return new SourceException(provider, Kind.UNAVAILABLE, "could not connect", Optional.empty(), cause);
        }
        String what = cause instanceof IOException ? cause.getClass().getSimpleName() : "unexpected failure";
        return new SourceException(
                provider, Kind.UNAVAILABLE, "the connection failed (" + what + ")", Optional.empty(), cause);
    }

    private SourceException timeout(Throwable cause) {
        return new SourceException(
                provider, Kind.TIMEOUT, "no answer within the time allowed", Optional.empty(), cause);
    }

    SourceException malformed(String message, Throwable cause) {
        return new SourceException(provider, Kind.MALFORMED, message, Optional.empty(), cause);
    }

    /** Seconds ("120", "1.5") or an HTTP date. */
    Optional<Duration> parseRetryAfter(String raw) {
        String value = raw.strip();
        if (SECONDS.matcher(value).matches()) {
            return Optional.of(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
        }
        try {
            Duration until =
                    Duration.between(clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    String provider() {
        return provider;
    }
}
