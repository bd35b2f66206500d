package com.researchassistant;

import com.researchassistant.embed.CachedEmbedder;
import com.researchassistant.limit.ClusterLoad;
import com.researchassistant.llm.RoutedTaskModels;
import com.researchassistant.research.Research;
import com.researchassistant.session.CachingSessionStore;
import com.researchassistant.viewer.SourceViewer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The meters of the parts {@link Application} builds, in the registry {@code /metrics} serves. */
final class AppMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    AppMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    void sessionCache(CachingSessionStore cache) {
        FunctionCounter.builder("ra.session.cache.hits", cache, c -> c.stats().hits())
                .description("Session reads served from the hot cache")
                .register(registry);
        FunctionCounter.builder("ra.session.cache.misses", cache, c -> c.stats().misses())
                .description("Session reads that went to the durable store")
                .register(registry);
        FunctionCounter.builder(
                        "ra.session.cache.evictions", cache, c -> c.stats().evictions())
                .description("Sessions dropped from the hot cache by size or idle time")
                .register(registry);
        Gauge.builder("ra.session.cache.size", cache, c -> c.stats().size())
                .description("Sessions in the hot cache")
                .register(registry);
        Gauge.builder("ra.session.cache.hit.ratio", cache, c -> c.stats().hitRate())
                .description("Share of session reads served from the hot cache since start")
                .register(registry);
    }

    void embeddingCache(CachedEmbedder cache) {
        FunctionCounter.builder(
                        "ra.embedding.cache.hits", cache, c -> c.counters().hits())
                .description("Embeddings served from the cache")
                .register(registry);
        FunctionCounter.builder(
                        "ra.embedding.cache.misses", cache, c -> c.counters().misses())
                .description("Embeddings computed by the model")
                .register(registry);
        Gauge.builder("ra.embedding.cache.hit.ratio", cache, c -> c.counters().hitRate())
                .description("Share of embeddings served from the cache since start")
                .register(registry);
    }

    void viewer(SourceViewer viewer) {
        Gauge.builder("ra.viewer.renders", viewer, SourceViewer::renderLoad)
                .description("PDF pages being drawn or waiting to be, for the source viewer")
                .register(registry);
    }

    void models(RoutedTaskModels models) {
        FunctionCounter.builder(
                        "ra.llm.circuit.openings",
                        models,
                        m -> m.circuitOpenings().values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                .description("Times a model's circuit breaker opened and calls went to its fallback")
                .register(registry);
    }

    void research(Research research) {
        Gauge.builder("ra.research.jobs.active", research, Research::active)
                .description("Research jobs running or queued on this instance")
                .register(registry);
    }

    void cluster(ClusterLoad load) {
        Gauge.builder("ra.cluster.instances", load, l -> l.totals().instances())
                .description("Instances sharing this Redis that reported their load lately (-1: Redis unreachable)")
                .register(registry);
        Gauge.builder("ra.cluster.admission.running", load, l -> l.totals().running())
                .description("Chat pipelines running across all instances (-1: Redis unreachable)")
                .register(registry);
        Gauge.builder("ra.cluster.admission.queue.depth", load, l -> l.totals().queued())
                .description("Chat requests waiting for a worker across all instances (-1: Redis unreachable)")
                .register(registry);
    }
}
