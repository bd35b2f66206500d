package com.researchassistant;

import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.ChatSettings;
import com.researchassistant.config.AppConfig;
import com.researchassistant.llm.OpenAiLlmClient;
import com.researchassistant.session.CachedSessionStore;
import com.researchassistant.session.SessionStorage;
import com.researchassistant.web.WebApp;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** The object graph of one running server, built by hand in dependency order. */
public final class Application implements AutoCloseable {

    private final SessionStorage storage;
    private final WebApp web;
    private final int port;

    private Application(SessionStorage storage, WebApp web, int port) {
        this.storage = storage;
        this.web = web;
        this.port = port;
    }

    /** Builds everything from {@code config} and starts listening. */
    public static Application start(AppConfig config) {
        routeJulToSlf4j();
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        SessionStorage storage = SessionStorage.open(config.store(), clock);
        try {
            bindCacheMetrics(registry, storage.sessions());
            ChatService chat = new ChatService(storage.sessions(), new OpenAiLlmClient(config.llm()),
                    new ChatSettings(config.llm().configured(), config.llm().model(), config.llm().temperature()),
                    System::nanoTime);
            WebApp web = new WebApp(config.server(), config.mobile(), config.desktop(), config.admission(),
                    storage.sessions(), chat, registry, config.llm().configured());
            int port = web.start();
            storage.purger().start();
            return new Application(storage, web, port);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /** Helidon logs through java.util.logging; send it to the same place as everything else. */
    private static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    private static void bindCacheMetrics(PrometheusMeterRegistry registry, CachedSessionStore cache) {
        FunctionCounter.builder("ra.session.cache.hits", cache, c -> c.stats().hits())
                .description("Session reads served from the hot cache")
                .register(registry);
        FunctionCounter.builder("ra.session.cache.misses", cache, c -> c.stats().misses())
                .description("Session reads that went to the durable store")
                .register(registry);
        FunctionCounter.builder("ra.session.cache.evictions", cache, c -> c.stats().evictions())
                .description("Sessions dropped from the hot cache by size or idle time")
                .register(registry);
        Gauge.builder("ra.session.cache.size", cache, c -> c.stats().size())
                .description("Sessions in the hot cache")
                .register(registry);
        Gauge.builder("ra.session.cache.hit.ratio", cache, c -> c.stats().hitRate())
                .description("Share of session reads served from the hot cache since start")
                .register(registry);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        web.close();
        storage.close();
    }
}
