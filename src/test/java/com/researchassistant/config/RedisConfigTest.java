package com.researchassistant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code RA_REDIS_URL} and the limit variables, as {@link ConfigLoader} reads them. */
class RedisConfigTest {

    private static AppConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load();
    }

    @Test
    void without_redis_the_cache_and_limits_stay_in_process_with_default_limits() {
        // when
        AppConfig config = load(Map.of());

        // then
        assertThat(config.redis()).isEmpty();
        assertThat(config.limits()).isEqualTo(new LimitsConfig(30, 2));
    }

    @Test
    void reads_host_port_database_user_password_and_timeouts() {
        // when
        RedisConfig redis = load(Map.of(
                        "RA_REDIS_URL",
                        "redis://cache:p%40ss%2Fw+rd@redis.internal:6380/3",
                        "RA_REDIS_TIMEOUT",
                        "1500ms",
                        "RA_REDIS_POOL",
                        "4"))
                .redis()
                .orElseThrow();

        // then
        assertThat(redis.host()).isEqualTo("redis.internal");
        assertThat(redis.port()).isEqualTo(6380);
        assertThat(redis.database()).isEqualTo(3);
        assertThat(redis.user()).contains("cache");
        assertThat(redis.password().orElseThrow().value()).isEqualTo("p@ss/w+rd");
        assertThat(redis.tls()).isFalse();
        assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(redis.poolSize()).isEqualTo(4);
        assertThat(redis.describe()).isEqualTo("redis://redis.internal:6380/3");
    }

    @Test
    void defaults_to_port_6379_database_0_no_credentials_and_tls_for_rediss() {
        // when
        RedisConfig plain =
                load(Map.of("RA_REDIS_URL", "redis://localhost")).redis().orElseThrow();
        RedisConfig tls = load(Map.of("RA_REDIS_URL", "rediss://:only-a-password@example.com/"))
                .redis()
                .orElseThrow();

        // then
        assertThat(plain)
                .isEqualTo(new RedisConfig(
                        "localhost", 6379, 0, Optional.empty(), Optional.empty(), false, Duration.ofSeconds(2), 8));
        assertThat(tls.tls()).isTrue();
        assertThat(tls.user()).isEmpty();
        assertThat(tls.password().orElseThrow().value()).isEqualTo("only-a-password");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://user:s3cret-pw@host:6379",
                "redis://user:s3cret-pw@host:6379/zero",
                "redis://user:s3cret-pw@:6379",
                "redis://user:s3cret-pw@host:6379/0?x=1",
                "redis://user:s3cret pw@host",
                "redis://user:s3cret-pw%zz@host"
            })
    void a_bad_url_names_the_variable_and_never_echoes_the_password(String url) {
        // when / then
        assertThatThrownBy(() -> load(Map.of("RA_REDIS_URL", url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("RA_REDIS_URL")
                .message()
                .doesNotContain("s3cret");
    }

    @Test
    void the_password_never_shows_in_to_string() {
        // when
        AppConfig config = load(Map.of("RA_REDIS_URL", "redis://u:s3cret-pw@host:6379"));

        // then
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void reads_the_limits_and_zero_turns_them_off() {
        // when
        LimitsConfig limits = load(Map.of("RA_RATE_LIMIT", "0", "RA_ANSWERS_PER_IDENTITY", "5"))
                .limits();

        // then
        assertThat(limits).isEqualTo(new LimitsConfig(0, 5));
        assertThatThrownBy(() -> load(Map.of("RA_RATE_LIMIT", "-1"))).hasMessageContaining("RA_RATE_LIMIT");
        assertThatThrownBy(() -> load(Map.of("RA_ANSWERS_PER_IDENTITY", "many")))
                .hasMessageContaining("RA_ANSWERS_PER_IDENTITY");
    }
}
