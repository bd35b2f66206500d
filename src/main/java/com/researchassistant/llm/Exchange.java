package com.researchassistant.llm;

import com.researchassistant.llm.LlmException.Kind;
import com.researchassistant.time.Deadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP attempt within a deadline: send, wait for the headers, turn a non-2xx status into an
 * {@link LlmException}, else hand the body to a reader while a {@link Watchdog} guards the budget.
 * The body is closed as soon as the reader returns or throws, which aborts the upstream call when
 * the reader (or the sink it feeds) gave up early.
 */
final class Exchange {

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(1);

    /** Reads a successful response; an IOException means the connection failed. */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(HttpResponse<InputStream> response) throws IOException;
    }

    private final HttpClient http;
    private final UpstreamErrors errors;

    Exchange(HttpClient http, UpstreamErrors errors) {
        this.http = http;
        this.errors = errors;
    }

    <T> T run(HttpRequest request, Deadline deadline, Duration budget, BodyReader<T> reader) {
        HttpResponse<InputStream> response = awaitHeaders(request, deadline, budget);
        InputStream body = response.body();
        Watchdog watchdog = Watchdog.start(body, deadline.remaining());
        try {
            if (response.statusCode() / 100 != 2) {
                throw errors.fromStatus(response.statusCode(), response.headers(), body.readNBytes(MAX_ERROR_BODY));
            }
            return reader.read(response);
        } catch (IOException e) {
            throw watchdog.fired() ? timeout(budget, e) : broken(e);
        } finally {
            watchdog.close();
            closeQuietly(body);
        }
    }

    private HttpResponse<InputStream> awaitHeaders(HttpRequest request, Deadline deadline, Duration budget) {
        Duration remaining = deadline.remaining();
        if (remaining.isZero()) {
            throw timeout(budget, null);
        }
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true)
                .timeout(remaining)
                .build();
        CompletableFuture<HttpResponse<InputStream>> future =
                http.sendAsync(timed, HttpResponse.BodyHandlers.ofInputStream());
        try {
            return future.get(Math.max(remaining.toMillis(), SHORTEST_WAIT.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timeout(budget, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw interrupted(e);
        } catch (ExecutionException e) {
            throw failedToSend(e.getCause(), budget);
        }
    }

    private static LlmException failedToSend(Throwable cause, Duration budget) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new LlmException.NonRetryable(
                    Kind.TIMEOUT, 0, "could not connect to the LLM upstream in time", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return timeout(budget, cause);
        }
        if (cause instanceof ConnectException) {
            return new LlmException.NonRetryable(Kind.NETWORK, 0, "could not connect to the LLM upstream", cause);
        }
        return broken(cause);
    }

    static LlmException timeout(Duration budget, Throwable cause) {
        return new LlmException.NonRetryable(
                Kind.TIMEOUT, 0, "the LLM upstream did not finish within " + budget.toMillis() + " ms", cause);
    }

    static LlmException interrupted(Throwable cause) {
        return new LlmException.NonRetryable(Kind.NETWORK, 0, "the LLM call was interrupted", cause);
    }

    private static LlmException broken(Throwable cause) {
        if (cause instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
            return interrupted(cause);
        }
        return new LlmException.NonRetryable(
                Kind.NETWORK,
                0,
                "the connection to the LLM upstream failed (" + cause.getClass().getSimpleName() + ")",
                cause);
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // the exchange is over either way; a failed close has nothing left to abort
        }
    }
}
