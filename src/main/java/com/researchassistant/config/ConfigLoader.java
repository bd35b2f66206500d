package com.researchassistant.config;

import com.researchassistant.embed.EmbeddingModel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
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

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public AppConfig load() {
        LlmConfig llm = llm();
        return new AppConfig(server(), llm, profile("MOBILE", 800, "15s", 8_000), profile("DESKTOP", 2000, "30s", 24_000), store(), admission(), retrieval(), routing(llm),
                new PipelineConfig(integer("RA_SUMMARY_CHARS", 1_200, 0, 100_000), duration("RA_SAFETY_GRACE", "300ms"),
                        decimal("RA_CLASSIFY_RULES_CONFIDENCE", 0.85, 0, 1)),
                redis(), limits(), search());
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
        return new SearchConfig(model, fusion,
                decimal("RA_SEARCH_VECTOR_WEIGHT", 0.5, 0, 1),
                decimal("RA_SEARCH_TITLE_BOOST", 0.5, 0, 10),
                optional("RA_RERANK_MODEL"),
                integer("RA_RERANK_CANDIDATES", 20, 2, 50),
                duration("RA_RERANK_TIMEOUT", "1500ms"));
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
                keys);
    }

    private LlmConfig llm() {
        Optional<Secret> token = optional("HF_TOKEN").or(() -> optional("RA_LLM_API_KEY")).map(Secret::new);
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
            throw new ConfigException("RA_DATABASE_URL: expected a jdbc:sqlite: or jdbc:postgresql: URL, got a "
                    + scheme + " URL");
        }
        Optional<String> user = optional("RA_DATABASE_USER");
        Optional<Secret> password = optional("RA_DATABASE_PASSWORD").map(Secret::new);
        if (!postgres && (user.isPresent() || password.isPresent())) {
            throw new ConfigException("RA_DATABASE_USER and RA_DATABASE_PASSWORD apply only to jdbc:postgresql: URLs");
        }
        return new DatabaseConfig(url, user, password, integer("RA_DATABASE_POOL_SIZE", 8, 1, 100),
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
                integer("RA_BREAKER_FAILURES", 3, 1, 100),
                duration("RA_BREAKER_COOLDOWN", "30s"),
                duration("RA_CLASSIFY_TIMEOUT", "2s"),
                duration("RA_SUMMARIZE_TIMEOUT", "8s"),
                duration("RA_SAFETY_TIMEOUT", "8s"));
    }

    private TaskModelConfig task(String name, String defaultModel, double temperature, int maxTokens) {
        return new TaskModelConfig(text("RA_LLM_MODEL_" + name, defaultModel), fallback(name),
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
        Duration value = parse(name, fallback, ConfigLoader::parseDuration, "a duration such as 500ms, 15s, 30m, 2h or 90d");
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
