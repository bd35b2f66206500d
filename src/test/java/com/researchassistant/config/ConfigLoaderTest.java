package com.researchassistant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void defaults_work_offline_without_any_variable() {
        // when
        AppConfig config = new ConfigLoader(Map.of()).load();

        // then
        assertThat(config.server().port()).isEqualTo(7860);
        assertThat(config.store().dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.llm().baseUrl()).isEqualTo(URI.create("https://router.huggingface.co/v1"));
        assertThat(config.llm().configured()).isFalse();
        assertThat(config.admission().maxWorkers()).isEqualTo(4);
        assertThat(config.admission().queueCapacity()).isEqualTo(32);
        assertThat(config.mobile().maxTokens()).isEqualTo(800);
        assertThat(config.mobile().timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.desktop().maxTokens()).isEqualTo(2000);
        assertThat(config.desktop().timeout()).isEqualTo(Duration.ofSeconds(30));
        // the classification waits before the first token: short, then the rules answer
        assertThat(config.routing().classifyTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.routing().breaker())
                .isEqualTo(new BreakerConfig(3, Duration.ofSeconds(30), Duration.ofSeconds(1)));
        assertThat(config.store().cacheMaxSessions()).isEqualTo(1_000);
        assertThat(config.store().cacheMaxBytes()).isEqualTo(48L * 1024 * 1024);
    }

    @Test
    void reads_every_documented_variable() {
        // given
        Map<String, String> env = Map.of(
                "PORT", "8080",
                "RA_DATA_DIR", "/tmp/ra",
                "HF_TOKEN", "hf_abcdefghijklmnop",
                "RA_LLM_BASE_URL", "http://127.0.0.1:8000/v1/",
                "RA_LLM_MODEL", "mistralai/Mistral-7B-Instruct-v0.3",
                "RA_MAX_WORKERS", "2",
                "RA_QUEUE_CAPACITY", "5",
                "RA_MOBILE_TIMEOUT", "10s",
                "RA_DESKTOP_MAX_TOKENS", "1500",
                "RA_CACHE_MAX_MB", "12");

        // when
        AppConfig config = new ConfigLoader(env).load();

        // then
        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.store().dataDir()).isEqualTo(Path.of("/tmp/ra"));
        assertThat(config.llm().token()).map(Secret::value).contains("hf_abcdefghijklmnop");
        assertThat(config.llm().baseUrl()).hasToString("http://127.0.0.1:8000/v1");
        assertThat(config.llm().model()).isEqualTo("mistralai/Mistral-7B-Instruct-v0.3");
        assertThat(config.admission()).isEqualTo(new AdmissionConfig(2, 5));
        assertThat(config.mobile().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.desktop().maxTokens()).isEqualTo(1500);
        assertThat(config.store().cacheMaxBytes()).isEqualTo(12L * 1024 * 1024);
    }

    @Test
    void leases_default_to_production_values_and_a_test_may_shorten_them() {
        // when
        LeaseConfig defaults = new ConfigLoader(Map.of()).load().leases();
        LeaseConfig short_ = new ConfigLoader(
                        Map.of("RA_ANSWER_MARK_LEASE", "1s", "RA_IMPORT_LEASE", "2s", "RA_IMPORT_POLL", "200ms"))
                .load()
                .leases();

        // then
        assertThat(defaults)
                .isEqualTo(new LeaseConfig(
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(2),
                        Duration.ofDays(7)));
        assertThat(short_.answerMark()).isEqualTo(Duration.ofSeconds(1));
        assertThat(short_.importLease()).isEqualTo(Duration.ofSeconds(2));
        assertThat(short_.importPoll()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void an_import_poll_not_shorter_than_its_lease_is_refused_at_start() {
        // given
        ConfigLoader loader = new ConfigLoader(Map.of("RA_IMPORT_LEASE", "2s", "RA_IMPORT_POLL", "2s"));

        // then
        assertThatThrownBy(loader::load).isInstanceOf(ConfigException.class).hasMessageContaining("import poll");
    }

    @Test
    void reads_the_circuit_breaker_settings() {
        // given
        Map<String, String> env =
                Map.of("RA_BREAKER_FAILURES", "5", "RA_BREAKER_COOLDOWN", "1m", "RA_BREAKER_HALF_OPEN_WAIT", "2500ms");

        // when
        AppConfig config = new ConfigLoader(env).load();

        // then
        assertThat(config.routing().breaker())
                .isEqualTo(new BreakerConfig(5, Duration.ofMinutes(1), Duration.ofMillis(2_500)));
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_BREAKER_HALF_OPEN_WAIT", "0s")).load())
                .hasMessageContaining("RA_BREAKER_HALF_OPEN_WAIT");
    }

    @Test
    void allowed_origins_are_normalised_as_browsers_send_them_and_anything_else_is_refused() {
        // when
        AppConfig config = new ConfigLoader(Map.of(
                        "RA_ALLOWED_ORIGINS",
                        " https://App.Example.com/ , http://localhost:3000,https://app.example.com:443"))
                .load();

        // then
        assertThat(config.server().allowedOrigins())
                .containsExactlyInAnyOrder("https://app.example.com", "http://localhost:3000");
        assertThat(new ConfigLoader(Map.of()).load().server().allowedOrigins()).isEmpty();
        for (String bad : new String[] {
            "app.example.com",
            "ftp://app.example.com",
            "https://app.example.com/path",
            "https://user@app.example.com",
            "https://app.example.com?x=1",
            "null",
            "https://"
        }) {
            assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_ALLOWED_ORIGINS", bad)).load())
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("RA_ALLOWED_ORIGINS");
        }
    }

    @Test
    void uploads_share_a_byte_buffer_and_wait_for_room_under_the_data_directory() {
        // when
        UploadConfig defaults = new ConfigLoader(Map.of()).load().uploads();
        UploadConfig set = new ConfigLoader(
                        Map.of("RA_UPLOAD_BUFFER_BYTES", "4096", "RA_UPLOAD_WAIT", "3s", "RA_DATA_DIR", "/tmp/ra"))
                .load()
                .uploads();

        // then
        assertThat(defaults)
                .isEqualTo(new UploadConfig(24L * 1024 * 1024, Duration.ofSeconds(10), Path.of("./data/uploads")));
        assertThat(set).isEqualTo(new UploadConfig(4096, Duration.ofSeconds(3), Path.of("/tmp/ra/uploads")));
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_UPLOAD_BUFFER_BYTES", "10")).load())
                .hasMessageContaining("RA_UPLOAD_BUFFER_BYTES");
    }

    @Test
    void search_settings_default_to_the_measured_choice_and_take_the_second_model() {
        // when
        SearchConfig defaults = new ConfigLoader(Map.of()).load().search();
        SearchConfig chosen = new ConfigLoader(Map.of(
                        "RA_EMBEDDING_MODEL",
                        "BGE-small-en-v1.5",
                        "RA_SEARCH_FUSION",
                        "RRF",
                        "RA_SEARCH_FEEDBACK",
                        "None",
                        "RA_RERANK_MODEL",
                        "meta-llama/Llama-3.1-8B-Instruct",
                        "RA_RERANK_TIMEOUT",
                        "800ms"))
                .load()
                .search();

        // then
        assertThat(defaults)
                .isEqualTo(new SearchConfig(
                        "all-minilm-l6-v2", "scores", 0.5, 0.5, "rm3", Optional.empty(), 20, Duration.ofMillis(1500)));
        assertThat(chosen.embeddingModel()).isEqualTo("bge-small-en-v1.5");
        assertThat(chosen.fusion()).isEqualTo("rrf");
        assertThat(chosen.feedback()).isEqualTo("none");
        assertThat(chosen.rerankModel()).contains("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(chosen.rerankBudget()).isEqualTo(Duration.ofMillis(800));
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_EMBEDDING_MODEL", "e5-small")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_EMBEDDING_MODEL")
                .hasMessageContaining("bge-small-en-v1.5");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_SEARCH_FUSION", "max")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_SEARCH_FUSION");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_SEARCH_FEEDBACK", "rm4")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_SEARCH_FEEDBACK");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_SEARCH_VECTOR_WEIGHT", "1.5")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_SEARCH_VECTOR_WEIGHT");
    }

    @Test
    void a_bad_value_names_the_variable() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of("PORT", "seventy")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PORT")
                .hasMessageContaining("seventy");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_MAX_WORKERS", "0")).load())
                .hasMessageContaining("RA_MAX_WORKERS");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_MOBILE_TIMEOUT", "soon")).load())
                .hasMessageContaining("RA_MOBILE_TIMEOUT");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_LLM_BASE_URL", "ftp://x")).load())
                .hasMessageContaining("RA_LLM_BASE_URL");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_QUEUE_CAPACITY", "-1")).load())
                .hasMessageContaining("RA_QUEUE_CAPACITY");
    }

    @Test
    void a_database_url_with_a_password_is_not_echoed() {
        assertThatThrownBy(() -> new ConfigLoader(
                                Map.of("RA_DATABASE_URL", "jdbc:mysql://db/ra?user=ra&password=hunter2hunter2"))
                        .load())
                .hasMessageContaining("RA_DATABASE_URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_postgresql_url_is_accepted_with_credentials_kept_secret() {
        // when
        AppConfig config = new ConfigLoader(Map.of(
                        "RA_DATABASE_URL", "jdbc:postgresql://db:5432/ra?password=inurl-hunter2",
                        "RA_DATABASE_USER", "ra",
                        "RA_DATABASE_PASSWORD", "separate-hunter3"))
                .load();

        // then
        DatabaseConfig database = config.store().database().orElseThrow();
        assertThat(database.postgres()).isTrue();
        assertThat(database.user()).contains("ra");
        assertThat(database.password().orElseThrow().value()).isEqualTo("separate-hunter3");
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("hunter3");
        assertThat(DatabaseConfig.redact("jdbc:postgresql://ra:hunter4@db/ra?user=ra&password=hunter5&ssl=true"))
                .doesNotContain("hunter4")
                .doesNotContain("hunter5")
                .contains("ssl=true");
    }

    @Test
    void database_credentials_are_refused_for_sqlite() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(
                                "RA_DATABASE_URL", "jdbc:sqlite:/tmp/x.db", "RA_DATABASE_PASSWORD", "hunter2hunter2"))
                        .load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_DATABASE_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void secrets_never_show_in_to_string() {
        // given
        AppConfig config = new ConfigLoader(
                        Map.of("HF_TOKEN", "hf_supersecretvalue123", "RA_API_KEYS", "key-aaaaaaaaaaaaaaaa"))
                .load();

        // then
        assertThat(config.toString()).doesNotContain("hf_supersecretvalue123").doesNotContain("key-aaaaaaaaaaaaaaaa");
        assertThat(config.llm().configured()).isTrue();
    }

    @Test
    void a_local_openai_server_needs_no_token() {
        AppConfig config = new ConfigLoader(Map.of("RA_LLM_BASE_URL", "http://localhost:11434/v1")).load();

        assertThat(config.llm().configured()).isTrue();
    }

    @Test
    void durations_accept_short_and_iso_forms() {
        assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ConfigLoader.parseDuration("90d")).isEqualTo(Duration.ofDays(90));
        assertThat(ConfigLoader.parseDuration("PT2M")).isEqualTo(Duration.ofMinutes(2));
    }
}
