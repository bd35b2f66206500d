package com.researchassistant.sources;

import com.researchassistant.config.ConfigLoader;
import com.researchassistant.config.SourcesConfig;
import com.researchassistant.testing.FakeScholarlyWeb;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.RecordingSleeper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link FakeScholarlyWeb} and the real providers pointed at it, on a manual clock whose waits
 * (rate limits, backoff) are recorded instead of slept. Network calls still have real timeouts.
 */
final class ProviderFixture implements AutoCloseable {

    static final Duration BUDGET = Duration.ofSeconds(10);

    final FakeScholarlyWeb web = FakeScholarlyWeb.start();
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The sources {@code web.env()} configures, with {@code overrides} on top. */
    Sources sources(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(web.env());
        env.putAll(overrides);
        SourcesConfig config = new ConfigLoader(env).load().sources();
        return Sources.fromConfig(config, clock, http, sleeper);
    }

    SourceProvider provider(String id) {
        return provider(id, Map.of());
    }

    SourceProvider provider(String id, Map<String, String> overrides) {
        return sources(overrides).provider(id).orElseThrow();
    }

    @Override
    public void close() {
        web.close();
        http.close();
    }
}
