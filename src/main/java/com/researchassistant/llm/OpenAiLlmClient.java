package com.researchassistant.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.config.LlmConfig;
import com.researchassistant.config.Secret;
import com.researchassistant.llm.LlmException.Kind;
import com.researchassistant.time.Deadline;
import com.researchassistant.time.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LlmClient} for any server speaking the OpenAI-compatible chat completions API: the
 * Hugging Face router, TGI, vLLM, llama.cpp, Ollama.
 *
 * <p>429 and 503 are retried with a jittered backoff (or as long as the upstream asked) while the
 * request's budget allows, and only before the answer started. A watchdog closes the response when
 * the budget runs out, so a stalled upstream ends as {@link Kind#TIMEOUT} in about the budget.
 */
public final class OpenAiLlmClient implements LlmClient {

    private static final Logger log = LoggerFactory.getLogger(OpenAiLlmClient.class);

    private final URI endpoint;
    private final Secret token;
    /** False only for the Hugging Face router without a token; local servers may need none. */
    private final boolean configured;

    private final Sleeper sleeper;
    private final Clock clock;
    private final RetryPolicy retry;
    private final UpstreamErrors errors;
    private final ChatJson json;
    private final Exchange exchange;

    /**
     * The production client; throws {@link Kind#NOT_CONFIGURED} on use when {@link
     * LlmConfig#configured()} is false.
     *
     * @param clock measures budgets and latencies, and dates an HTTP-date {@code Retry-After}
     */
    public OpenAiLlmClient(LlmConfig config, Clock clock) {
        this(config, defaultHttpClient(config), Sleeper.REAL, new Random(), clock);
    }

    /** @param jitter draws the random share of each backoff; shared by concurrent calls, so thread-safe */
    OpenAiLlmClient(LlmConfig config, HttpClient http, Sleeper sleeper, RandomGenerator jitter, Clock clock) {
        Objects.requireNonNull(config, "config");
        this.endpoint = chatEndpoint(config.baseUrl());
        this.token = config.token().orElse(null);
        this.configured = config.configured();
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retry = new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff(), jitter);
        ObjectMapper mapper = new ObjectMapper();
        this.errors = new UpstreamErrors(mapper, clock, config.token().map(Secret::value));
        this.json = new ChatJson(mapper, errors);
        this.exchange = new Exchange(Objects.requireNonNull(http, "http"), errors);
    }

    /**
     * HTTP/1.1 on purpose: closing a streamed response then closes its TCP connection, which is
     * what makes every OpenAI-compatible server stop generating for a client that went away.
     */
    static HttpClient defaultHttpClient(LlmConfig config) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static URI chatEndpoint(URI baseUrl) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
    }

    @Override
    public void stream(LlmRequest request, Consumer<LlmEvent> sink) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sink, "sink");
        Instant started = clock.instant();
        CompletionStream.Summary summary =
                call(request, json.streamingBody(request), "text/event-stream", response -> readStream(response, sink));
        logSuccess(
                request,
                started,
                summary.finished().finishReason(),
                summary.finished().usage());
        log.debug("llm stream model={} tokens={}", request.model(), summary.tokens());
    }

    private CompletionStream.Summary readStream(HttpResponse<InputStream> response, Consumer<LlmEvent> sink)
            throws IOException {
        boolean json = response.headers()
                .firstValue("content-type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/json"))
                .orElse(false);
        if (json) {
            // some servers ignore "stream": true and answer in one piece
            return CompletionStream.replay(
                    this.json.completion(this.json.parseObject(response.body().readAllBytes())), sink);
        }
        return new CompletionStream(this.json, errors, sink).pump(new ServerSentEvents(response.body()));
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        Objects.requireNonNull(request, "request");
        Instant started = clock.instant();
        LlmResponse response = call(
                request,
                json.completeBody(request),
                "application/json",
                answer -> json.completion(json.parseObject(answer.body().readAllBytes())));
        logSuccess(request, started, response.finishReason(), response.usage());
        return response;
    }

    /** Sends the request, retrying 429/503 before any of the answer was read, then reads the answer. */
    private <T> T call(LlmRequest request, String body, String accept, Exchange.BodyReader<T> reader) {
        if (!configured) {
            throw new LlmException.NonRetryable(Kind.NOT_CONFIGURED, 0, "no LLM token is configured", null);
        }
        if (log.isDebugEnabled()) {
            log.debug("llm request model={} messages={}", request.model(), request.messages());
        }
        Deadline deadline = Deadline.after(clock, request.timeout());
        HttpRequest httpRequest = httpRequest(body, accept);
        Instant started = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                return exchange.run(httpRequest, deadline, request.timeout(), reader);
            } catch (LlmException.Retryable e) {
                Optional<LlmException> giveUp = attempt >= retry.maxAttempts()
                        ? Optional.of(e)
                        : waitBeforeRetry(request, attempt, e, deadline);
                if (giveUp.isPresent()) {
                    throw logFailure(request, started, giveUp.get());
                }
            } catch (LlmException e) {
                throw logFailure(request, started, e);
            }
        }
    }

    /** Waits as asked or backs off; gives up at once when the wait would outlast the budget. */
    private Optional<LlmException> waitBeforeRetry(
            LlmRequest request, int attempt, LlmException.Retryable failure, Deadline deadline) {
        Duration wait = retry.delayAfter(attempt, failure.retryAfter());
        if (wait.compareTo(deadline.remaining()) >= 0) {
            return Optional.of(
                    new LlmException.Retryable(failure.kind(), failure.status(), failure.getMessage(), wait, failure));
        }
        log.info(
                "llm retry model={} status={} attempt={} waitMs={}",
                request.model(),
                failure.status(),
                attempt,
                wait.toMillis());
        try {
            sleeper.sleep(wait);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(Exchange.interrupted(e));
        }
    }

    private HttpRequest httpRequest(String body, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Accept", accept);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token.value());
        }
        return builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void logSuccess(LlmRequest request, Instant started, String finishReason, Usage usage) {
        log.info(
                "llm call model={} status=200 latencyMs={} promptTokens={} completionTokens={} finish={}",
                request.model(),
                Duration.between(started, clock.instant()).toMillis(),
                usage.promptTokens(),
                usage.completionTokens(),
                finishReason);
    }

    private LlmException logFailure(LlmRequest request, Instant started, LlmException failure) {
        log.info(
                "llm call model={} status={} kind={} latencyMs={}",
                request.model(),
                failure.status(),
                failure.kind(),
                Duration.between(started, clock.instant()).toMillis());
        return failure;
    }

    @Override
    public String toString() {
        return "OpenAiLlmClient[" + endpoint + "]";
    }
}
