package com.researchassistant.config;

import java.util.Objects;
import java.util.Optional;

/** The whole configuration, loaded and validated once at start-up. */
public record AppConfig(
        ServerConfig server,
        LlmConfig llm,
        ProfileConfig mobile,
        ProfileConfig desktop,
        StoreConfig store,
        AdmissionConfig admission,
        RetrievalConfig retrieval,
        RoutingConfig routing,
        PipelineConfig pipeline,
        Optional<RedisConfig> redis,
        LimitsConfig limits,
        SourcesConfig sources,
        FetchConfig fetch,
        UploadConfig uploads,
        ViewerConfig viewer,
        DevicesConfig devices,
        ResearchConfig research,
        ImportConfig imports,
        SearchConfig search,
        LeaseConfig leases) {

    public AppConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(mobile, "mobile");
        Objects.requireNonNull(desktop, "desktop");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(retrieval, "retrieval");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(viewer, "viewer");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(research, "research");
        Objects.requireNonNull(imports, "imports");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(leases, "leases");
    }
}
