package com.researchassistant.config;

import com.researchassistant.embed.EmbeddingModel;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@link AppConfig} from environment variables. Every variable has a default that works
 * offline; a bad value fails with a {@link ConfigException} naming the variable.
 */
public final class ConfigLoader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final List<String> BUDGET_KEYS =
            List.of("calls", "tokens", "sources", "time", "questions", "results", "section_tokens", "passages");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})");
    private static final Pattern MAILTO = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public AppConfig load() {
        LlmConfig llm = llm();
        return new AppConfig(
                server(),
                llm,
                profile("MOBILE", 800, "15s", 8_000),
                profile("DESKTOP", 2000, "30s", 24_000),
                store(),
                admission(),
                retrieval(),
                routing(llm),
                new PipelineConfig(
                        integer("RA_SUMMARY_CHARS", 1_200, 0, 100_000),
                        duration("RA_SAFETY_GRACE", "300ms"),
                        decimal("RA_CLASSIFY_RULES_CONFIDENCE", 0.85, 0, 1),
                        duration("RA_CITATION_BUDGET", "50ms")),
                redis(),
                limits(),
                sources(),
                fetch(),
                uploads(),
                viewer(),
                devices(),
                research(),
                imports(),
                search(),
                leases());
    }

    private ViewerConfig viewer() {
        return new ViewerConfig(
                integer("RA_VIEWER_THREADS", 1, 1, 64),
                integer("RA_VIEWER_QUEUE", 8, 0, 10_000),
                duration("RA_VIEWER_WAIT", "20s"),
                integer("RA_VIEWER_CACHE_MB", 24, 0, 100_000) * 1024L * 1024L,
                integer("RA_VIEWER_FILES_MB", 256, 0, 1_000_000) * 1024L * 1024L,
                Path.of(text("RA_DATA_DIR", "./data")).resolve("originals"),
                integer("RA_VIEWER_MAX_WIDTH", 2_000, 64, 8_000),
                integer("RA_VIEWER_MAX_PIXELS", 4_000_000, 4_096, 64_000_000),
                integer("RA_ORIGINALS_MAX_BYTES", 20 * 1024 * 1024, 0, Integer.MAX_VALUE),
                integer("RA_ORIGINALS_MAX_MB_PER_IDENTITY", 1_024, 0, 10_000_000) * 1024L * 1024L);
    }

    /**
     * Which sources a research job searches. Unset {@code RA_RESEARCH_SOURCES} means the default
     * list plus every web search that is configured (a SearXNG URL, a Brave or Tavily key) and
     * Semantic Scholar when its key is set; a list that is given is taken as it is, and naming a
     * web search that is not configured is an error.
     */
    private SourcesConfig sources() {
        SourcesConfig.Keys keys = new SourcesConfig.Keys(
                secret("RA_OPENALEX_API_KEY"),
                secret("RA_NCBI_API_KEY"),
                secret("RA_SEMANTIC_SCHOLAR_KEY"),
                secret("RA_BRAVE_API_KEY"),
                secret("RA_TAVILY_API_KEY"));
        SourcesConfig.Endpoints endpoints = new SourcesConfig.Endpoints(
                uri("RA_OPENALEX_URL", SourcesConfig.Endpoints.OPENALEX.toString()),
                uri("RA_ARXIV_URL", SourcesConfig.Endpoints.ARXIV.toString()),
                uri("RA_PUBMED_URL", SourcesConfig.Endpoints.PUBMED.toString()),
                uri("RA_CROSSREF_URL", SourcesConfig.Endpoints.CROSSREF.toString()),
                uri("RA_SEMANTIC_SCHOLAR_URL", SourcesConfig.Endpoints.SEMANTIC_SCHOLAR.toString()),
                optional("RA_SEARXNG_URL").map(url -> uri("RA_SEARXNG_URL", url)),
                uri("RA_BRAVE_URL", SourcesConfig.Endpoints.BRAVE.toString()),
                uri("RA_TAVILY_URL", SourcesConfig.Endpoints.TAVILY.toString()));
        Optional<String> mailto = optional("RA_RESEARCH_MAILTO");
        if (mailto.isPresent() && !MAILTO.matcher(mailto.get()).matches()) {
            throw new ConfigException(
                    "RA_RESEARCH_MAILTO must be an e-mail address, got '" + shorten(mailto.get()) + "'");
        }
        return new SourcesConfig(
                enabledSources(endpoints, keys),
                endpoints,
                keys,
                mailto,
                duration("RA_SOURCE_TIMEOUT", "20s"),
                integer("RA_SOURCE_MAX_ATTEMPTS", 3, 1, 10),
                duration("RA_SOURCE_BACKOFF", "1s"),
                integer("RA_SOURCE_MAX_BYTES", 4 * 1024 * 1024, 1_024, 64 * 1024 * 1024));
    }

    private List<String> enabledSources(SourcesConfig.Endpoints endpoints, SourcesConfig.Keys keys) {
        Map<String, Boolean> configured = Map.of(
                "searxng",
                endpoints.searxng().isPresent(),
                "brave",
                keys.brave().isPresent(),
                "tavily",
                keys.tavily().isPresent(),
                "semanticscholar",
                keys.semanticScholar().isPresent());
        Optional<String> given = optional("RA_RESEARCH_SOURCES");
        if (given.isEmpty()) {
            List<String> enabled = new ArrayList<>(SourcesConfig.DEFAULT);
            SourcesConfig.KNOWN.stream()
                    .filter(id -> configured.getOrDefault(id, false))
                    .forEach(enabled::add);
            return enabled;
        }
        List<String> enabled = Arrays.stream(given.get().split(","))
                .map(id -> id.strip().toLowerCase(Locale.ROOT))
                .filter(id -> !id.isEmpty())
                .distinct()
                .toList();
        for (String id : enabled) {
            if (!SourcesConfig.KNOWN.contains(id)) {
                throw new ConfigException("RA_RESEARCH_SOURCES: unknown source '" + shorten(id) + "'; known: "
                        + String.join(",", SourcesConfig.KNOWN));
            }
        }
        requireConfigured(enabled, "searxng", configured, "RA_SEARXNG_URL");
        requireConfigured(enabled, "brave", configured, "RA_BRAVE_API_KEY");
        requireConfigured(enabled, "tavily", configured, "RA_TAVILY_API_KEY");
        return enabled;
    }

    private static void requireConfigured(
            List<String> enabled, String id, Map<String, Boolean> configured, String variable) {
        if (enabled.contains(id) && !configured.get(id)) {
            throw new ConfigException("RA_RESEARCH_SOURCES names " + id + " but " + variable + " is not set");
        }
    }

    private FetchConfig fetch() {
        Set<String> allow = Arrays.stream(text("RA_FETCH_ALLOW", "").split(","))
                .map(String::strip)
                .filter(pair -> !pair.isEmpty())
                .map(ConfigLoader::hostPort)
                .collect(Collectors.toUnmodifiableSet());
        return new FetchConfig(
                allow,
                integer("RA_FETCH_MAX_BYTES", 10 * 1024 * 1024, 1_024, 256 * 1024 * 1024),
                integer("RA_FETCH_MAX_REDIRECTS", 5, 0, 20),
                duration("RA_FETCH_TIMEOUT", "30s"),
                duration("RA_FETCH_CONNECT_TIMEOUT", "5s"));
    }

    /** One {@code host:port} pair of {@code RA_FETCH_ALLOW}, lower case; an IPv6 host in brackets. */
    private static String hostPort(String pair) {
        Matcher m = HOST_PORT.matcher(pair);
        if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65_535) {
            throw new ConfigException(
                    "RA_FETCH_ALLOW must list host:port pairs separated by commas, got '" + shorten(pair) + "'");
        }
        return m.group(1).toLowerCase(Locale.ROOT) + ":" + Integer.parseInt(m.group(2));
    }

    private Optional<Secret> secret(String name) {
        return optional(name).map(Secret::new);
    }

    private UploadConfig uploads() {
        return new UploadConfig(
                integer("RA_UPLOAD_BUFFER_BYTES", 24 * 1024 * 1024, 1_024, Integer.MAX_VALUE),
                duration("RA_UPLOAD_WAIT", "10s"),
                Path.of(text("RA_DATA_DIR", "./data")).resolve("uploads"));
    }

    private SearchConfig search() {
        String model = text("RA_EMBEDDING_MODEL", EmbeddingModel.ALL_MINILM_L6_V2.id());
        try {
            model = EmbeddingModel.of(model).id();
        } catch (IllegalArgumentException e) {
            throw new ConfigException("RA_EMBEDDING_MODEL: " + e.getMessage());
        }
        String fusion = text("RA_SEARCH_FUSION", "scores").toLowerCase(Locale.ROOT);
        if (!fusion.equals("scores") && !fusion.equals("rrf")) {
            throw new ConfigException("RA_SEARCH_FUSION must be 'scores' or 'rrf', got '" + shorten(fusion) + "'");
        }
        String feedback = text("RA_SEARCH_FEEDBACK", "rm3").toLowerCase(Locale.ROOT);
        if (!feedback.equals("rm3") && !feedback.equals("none")) {
            throw new ConfigException("RA_SEARCH_FEEDBACK must be 'rm3' or 'none', got '" + shorten(feedback) + "'");
        }
        return new SearchConfig(
                model,
                fusion,
                decimal("RA_SEARCH_VECTOR_WEIGHT", 0.5, 0, 1),
                decimal("RA_SEARCH_TITLE_BOOST", 0.5, 0, 10),
                feedback,
                optional("RA_RERANK_MODEL"),
                integer("RA_RERANK_CANDIDATES", 20, 2, 50),
                duration("RA_RERANK_TIMEOUT", "1500ms"));
    }

    private ResearchConfig research() {
        Duration lease = duration("RA_RESEARCH_LEASE", "30s");
        Duration poll = duration("RA_RESEARCH_POLL", "2s");
        if (poll.compareTo(lease) >= 0) {
            throw new ConfigException(
                    "RA_RESEARCH_POLL (" + poll + ") must be shorter than RA_RESEARCH_LEASE (" + lease + ")");
        }
        return new ResearchConfig(
                integer("RA_RESEARCH_WORKERS", 2, 1, 64),
                integer("RA_RESEARCH_QUEUE", 8, 0, 10_000),
                integer("RA_RESEARCH_PER_IDENTITY", 1, 1, 100),
                integer("RA_RESEARCH_CONCURRENCY", 4, 1, 64),
                integer("RA_RESEARCH_CHUNKS_PER_SOURCE", 48, 1, 10_000),
                integer("RA_RESEARCH_MAX_QUESTION_CHARS", 2_000, 10, 100_000),
                duration("RA_RESEARCH_DELTA_INTERVAL", "250ms"),
                lease,
                poll,
                duration("RA_RESEARCH_RETENTION", "7d"),
                budget(
                        "RA_RESEARCH_QUICK",
                        "calls=5,tokens=16000,sources=6,time=60s,questions=3,results=4,"
                                + "section_tokens=350,passages=4"),
                budget(
                        "RA_RESEARCH_STANDARD",
                        "calls=8,tokens=40000,sources=12,time=150s,questions=5,results=5,"
                                + "section_tokens=500,passages=6"),
                budget(
                        "RA_RESEARCH_DEEP",
                        "calls=12,tokens=100000,sources=24,time=300s,questions=8,results=8,"
                                + "section_tokens=700,passages=8"));
    }

    /**
     * A depth's budget as {@code key=value} pairs separated by commas; the keys given replace the
     * defaults' values, the others keep them.
     */
    private ResearchConfig.Budget budget(String name, String defaults) {
        Map<String, String> values = new HashMap<>(pairs(name, defaults));
        values.putAll(pairs(name, text(name, "")));
        try {
            return new ResearchConfig.Budget(
                    budgetInt(name, values, "calls"),
                    budgetInt(name, values, "tokens"),
                    budgetInt(name, values, "sources"),
                    parseDuration(values.get("time")),
                    budgetInt(name, values, "questions"),
                    budgetInt(name, values, "results"),
                    budgetInt(name, values, "section_tokens"),
                    budgetInt(name, values, "passages"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
    }

    private static Map<String, String> pairs(String name, String spec) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String key = kv[0].strip().toLowerCase(Locale.ROOT);
            if (kv.length != 2 || !BUDGET_KEYS.contains(key)) {
                throw new ConfigException(name + " must be key=value pairs with keys " + String.join(", ", BUDGET_KEYS)
                        + "; got '" + shorten(pair.strip()) + "'");
            }
            pairs.put(key, kv[1].strip());
        }
        return pairs;
    }

    private static int budgetInt(String name, Map<String, String> values, String key) {
        try {
            return Integer.parseInt(values.get(key));
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    name + ": " + key + " must be a whole number, got '" + shorten(values.get(key)) + "'");
        }
    }

    private LeaseConfig leases() {
        try {
            return new LeaseConfig(
                    duration("RA_ANSWER_LEASE", "60s"),
                    duration("RA_ANSWER_MARK_LEASE", "10s"),
                    duration("RA_LOAD_PERIOD", "2s"),
                    duration("RA_IMPORT_LEASE", "15s"),
                    duration("RA_IMPORT_POLL", "2s"),
                    duration("RA_IMPORT_RETENTION", "7d"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private ImportConfig imports() {
        return new ImportConfig(
                Path.of(text("RA_DATA_DIR", "./data")).resolve("imports"),
                size("RA_IMPORT_MAX_BYTES", 2L << 30, 1_024, 1L << 40),
                integer("RA_IMPORT_MAX_ENTRIES", 20_000, 1, 1_000_000),
                size("RA_IMPORT_MAX_UNCOMPRESSED_BYTES", 4L << 30, 1_024, 1L << 42),
                integer("RA_IMPORT_MAX_RATIO", 100, 1, 100_000),
                size("RA_IMPORT_MAX_METADATA_BYTES", 16L << 20, 1_024, 1L << 30),
                integer("RA_IMPORTS_PER_IDENTITY", 2, 1, 1_000),
                integer("RA_IMPORT_WORKERS", 1, 1, 64),
                integer("RA_IMPORT_QUEUE", 16, 0, 10_000));
    }

    /** Never repeats the URL in an error: it may hold the password. */
    private Optional<RedisConfig> redis() {
        Duration timeout = duration("RA_REDIS_TIMEOUT", "2s");
        int pool = integer("RA_REDIS_POOL", 8, 1, 256);
        return optional("RA_REDIS_URL").map(url -> {
            try {
                return RedisConfig.fromUrl(url, timeout, pool);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("RA_REDIS_URL " + e.getMessage());
            }
        });
    }

    private DevicesConfig devices() {
        Duration pairing = duration("RA_PAIRING_TTL", "5m");
        if (pairing.compareTo(DevicesConfig.MAX_PAIRING_TTL) > 0) {
            throw new ConfigException("RA_PAIRING_TTL must be at most 5m, got " + pairing);
        }
        Duration share = duration("RA_SHARE_TTL", "30d");
        Duration maxShare = duration("RA_SHARE_MAX_TTL", "365d");
        if (share.compareTo(maxShare) > 0) {
            throw new ConfigException("RA_SHARE_TTL must not exceed RA_SHARE_MAX_TTL, got " + share + " > " + maxShare);
        }
        return new DevicesConfig(
                pairing,
                integer("RA_PAIRING_ATTEMPTS_PER_DEVICE", 5, 1, 1_000),
                integer("RA_PAIRING_ATTEMPTS_PER_ADDRESS", 20, 1, 100_000),
                integer("RA_PAIRING_ATTEMPTS_PER_MINUTE", 60, 1, 100_000),
                duration("RA_DEVICE_LOOKUP_TTL", "5s"),
                share,
                maxShare);
    }

    private LimitsConfig limits() {
        return new LimitsConfig(
                integer("RA_RATE_LIMIT", 30, 0, 1_000_000), integer("RA_ANSWERS_PER_IDENTITY", 2, 0, 10_000));
    }

    private ServerConfig server() {
        Set<Secret> keys = Arrays.stream(text("RA_API_KEYS", "").split(","))
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .map(Secret::new)
                .collect(Collectors.toUnmodifiableSet());
        for (Secret key : keys) {
            if (key.value().length() < 16) {
                throw new ConfigException("RA_API_KEYS: every key must have at least 16 characters");
            }
        }
        return new ServerConfig(
                integer("PORT", 7860, 0, 65_535),
                integer("RA_MAX_MESSAGE_CHARS", 16_000, 1, 1_000_000),
                integer("RA_MAX_BODY_BYTES", 262_144, 1_024, 64 * 1024 * 1024),
                integer("RA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, 1_024, 100 * 1024 * 1024),
                duration("RA_HEARTBEAT", "15s"),
                keys,
                allowedOrigins());
    }

    /** {@code RA_ALLOWED_ORIGINS}: comma-separated origins, each normalised as a browser sends it in Origin. */
    private Set<String> allowedOrigins() {
        return Arrays.stream(text("RA_ALLOWED_ORIGINS", "").split(","))
                .map(String::strip)
                .filter(o -> !o.isEmpty())
                .map(ConfigLoader::origin)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String origin(String raw) {
        String problem = "RA_ALLOWED_ORIGINS: '" + shorten(raw) + "' is not an origin such as https://app.example.com";
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(problem);
        }
        String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null
                        || uri.getRawPath().isEmpty()
                        || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
            throw new ConfigException(problem);
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        int port = uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                + (port == -1 || port == defaultPort ? "" : ":" + port);
    }

    private LlmConfig llm() {
        Optional<Secret> token =
                optional("HF_TOKEN").or(() -> optional("RA_LLM_API_KEY")).map(Secret::new);
        return new LlmConfig(
                uri("RA_LLM_BASE_URL", LlmConfig.HF_ROUTER.toString()),
                token,
                text("RA_LLM_MODEL", "meta-llama/Llama-3.1-8B-Instruct"),
                decimal("RA_LLM_TEMPERATURE", 0.3, 0.0, 2.0),
                duration("RA_LLM_CONNECT_TIMEOUT", "5s"),
                integer("RA_LLM_MAX_ATTEMPTS", 3, 1, 10),
                duration("RA_LLM_INITIAL_BACKOFF", "500ms"),
                duration("RA_LLM_MAX_BACKOFF", "8s"));
    }

    private ProfileConfig profile(String name, int maxTokens, String timeout, int contextChars) {
        return new ProfileConfig(
                integer("RA_" + name + "_MAX_TOKENS", maxTokens, 1, 32_768),
                duration("RA_" + name + "_TIMEOUT", timeout),
                integer("RA_" + name + "_CONTEXT_CHARS", contextChars, 0, 1_000_000));
    }

    private StoreConfig store() {
        Optional<DatabaseConfig> database = optional("RA_DATABASE_URL").map(this::database);
        return new StoreConfig(
                Path.of(text("RA_DATA_DIR", "./data")),
                database,
                integer("RA_CACHE_MAX_SESSIONS", 1_000, 0, 10_000_000),
                integer("RA_CACHE_MAX_MB", 48, 0, 100_000) * 1024L * 1024L,
                duration("RA_CACHE_TTL", "30m"),
                duration("RA_RETENTION", "90d"),
                duration("RA_PURGE_INTERVAL", "1h"));
    }

    /** Checks the URL's scheme without echoing the URL, which may hold a password. */
    private DatabaseConfig database(String url) {
        boolean postgres = url.startsWith("jdbc:postgresql:");
        if (!postgres && !url.startsWith("jdbc:sqlite:")) {
            int schemeEnd = url.indexOf(':', "jdbc:".length());
            String scheme = schemeEnd < 0 ? "?" : url.substring(0, Math.min(schemeEnd + 1, 20));
            throw new ConfigException(
                    "RA_DATABASE_URL: expected a jdbc:sqlite: or jdbc:postgresql: URL, got a " + scheme + " URL");
        }
        Optional<String> user = optional("RA_DATABASE_USER");
        Optional<Secret> password = optional("RA_DATABASE_PASSWORD").map(Secret::new);
        if (!postgres && (user.isPresent() || password.isPresent())) {
            throw new ConfigException("RA_DATABASE_USER and RA_DATABASE_PASSWORD apply only to jdbc:postgresql: URLs");
        }
        return new DatabaseConfig(
                url,
                user,
                password,
                integer("RA_DATABASE_POOL_SIZE", 8, 1, 100),
                duration("RA_DATABASE_TIMEOUT", "3s"));
    }

    private AdmissionConfig admission() {
        return new AdmissionConfig(
                integer("RA_MAX_WORKERS", 4, 1, 1_024), integer("RA_QUEUE_CAPACITY", 32, 0, 100_000));
    }

    private RoutingConfig routing(LlmConfig llm) {
        return new RoutingConfig(
                task("CLASSIFY", llm.model(), 0.0, 80),
                task("SUMMARIZE", llm.model(), 0.2, 400),
                new TaskModelConfig(llm.model(), fallback("SYNTHESIZE"), llm.temperature(), 2_000),
                task("SAFETY", llm.model(), 0.0, 300),
                new BreakerConfig(
                        integer("RA_BREAKER_FAILURES", 3, 1, 100),
                        duration("RA_BREAKER_COOLDOWN", "30s"),
                        duration("RA_BREAKER_HALF_OPEN_WAIT", "1s")),
                duration("RA_CLASSIFY_TIMEOUT", "2s"),
                duration("RA_SUMMARIZE_TIMEOUT", "8s"),
                duration("RA_SAFETY_TIMEOUT", "8s"));
    }

    private TaskModelConfig task(String name, String defaultModel, double temperature, int maxTokens) {
        return new TaskModelConfig(
                text("RA_LLM_MODEL_" + name, defaultModel),
                fallback(name),
                decimal("RA_LLM_TEMPERATURE_" + name, temperature, 0.0, 2.0),
                integer("RA_LLM_MAX_TOKENS_" + name, maxTokens, 1, 32_768));
    }

    private Optional<String> fallback(String task) {
        return optional("RA_LLM_FALLBACK_MODEL_" + task).or(() -> optional("RA_LLM_FALLBACK_MODEL"));
    }

    private RetrievalConfig retrieval() {
        return new RetrievalConfig(
                integer("RA_RETRIEVAL_K", 5, 0, 50),
                integer("RA_MEMORY_TURNS", 3, 0, 50),
                decimal("RA_MEMORY_MIN_SIMILARITY", 0.35, -1.0, 1.0),
                decimal("RA_EXTRACTIVE_MIN_SIMILARITY", 0.3, -1.0, 1.0),
                integer("RA_EMBEDDING_CACHE", 10_000, 0, 10_000_000));
    }

    private Optional<String> optional(String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private String text(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    private int integer(String name, int fallback, int min, int max) {
        int value = parse(name, Integer.toString(fallback), Integer::parseInt, "a whole number");
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private long size(String name, long fallback, long min, long max) {
        long value = parse(name, Long.toString(fallback), Long::parseLong, "a whole number of bytes");
        if (value < min || value > max) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private double decimal(String name, double fallback, double min, double max) {
        double value = parse(name, Double.toString(fallback), Double::parseDouble, "a number");
        if (!(value >= min && value <= max)) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    private URI uri(String name, String fallback) {
        URI value = parse(name, fallback, URI::create, "a URL");
        String scheme = Optional.ofNullable(value.getScheme()).orElse("").toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || value.getHost() == null) {
            throw new ConfigException(name + " must be an http(s) URL with a host, got '" + value + "'");
        }
        String s = value.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : value;
    }

    private Duration duration(String name, String fallback) {
        Duration value =
                parse(name, fallback, ConfigLoader::parseDuration, "a duration such as 500ms, 15s, 30m, 2h or 90d");
        if (value.isZero() || value.isNegative()) {
            throw new ConfigException(name + " must be positive, got " + value);
        }
        return value;
    }

    private <T> T parse(String name, String fallback, Function<String, T> parser, String what) {
        String raw = text(name, fallback);
        try {
            return parser.apply(raw);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ConfigException(name + " must be " + what + ", got '" + shorten(raw) + "'");
        }
    }

    static Duration parseDuration(String raw) {
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("p")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + raw);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static String shorten(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "...";
    }
}
