package com.researchassistant.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.RedisConfig;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RedisClientIT {

    private static final LuaScript ECHO = LuaScript.of("echo", "return ARGV[1]");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

    private static RedisConfig config(String url) {
        return RedisConfig.fromUrl(url, Duration.ofSeconds(2), 2);
    }

    /** A client whose cool-down runs on the test's clock: it stands still until the test moves it. */
    private RedisClient open(RedisConfig config) {
        return RedisClient.open(config, clock, COOL_DOWN);
    }

    private static final Duration COOL_DOWN = Duration.ofSeconds(30);

    @Test
    void wrong_credentials_fail_at_start_without_showing_the_password() {
        try (RedisServer redis = RedisServer.launch("--requirepass", "the-right-one")) {
            // when / then
            assertThatThrownBy(() -> open(config("redis://:s3cret-but-wrong@127.0.0.1:" + redis.port())))
                    .isInstanceOf(RedisUnavailable.class)
                    .message()
                    .doesNotContain("s3cret")
                    .doesNotContain("the-right-one");
            try (RedisClient client = open(config("redis://:the-right-one@127.0.0.1:" + redis.port()))) {
                client.ping();
            }
        }
    }

    @Test
    void an_unreachable_redis_does_not_stop_the_start_and_is_used_once_it_answers() {
        // given a Redis that is down when the client opens
        try (RedisServer redis = RedisServer.launch()) {
            redis.stop();
            try (RedisClient client = open(config(redis.url()))) {
                assertThatThrownBy(client::ping).isInstanceOf(RedisUnavailable.class);

                // when
                redis.start();

                // then the client waits out its cool-down, then uses Redis
                assertThatThrownBy(client::ping)
                        .isInstanceOf(RedisUnavailable.class)
                        .hasMessageContaining("shortly");
                clock.advance(COOL_DOWN);
                Eventually.await(Duration.ofSeconds(10), () -> answers(client), "the client reaches Redis");
            }
        }
    }

    @Test
    void scripts_are_sent_again_to_a_restarted_redis() {
        // given
        try (RedisServer redis = RedisServer.launch();
                RedisClient client = open(config(redis.url()))) {
            assertThat(echo(client)).isEqualTo("hi");

            // when Redis restarts, forgetting its scripts and dropping every pooled connection
            redis.stop();
            redis.start();

            // then
            Eventually.await(Duration.ofSeconds(10), () -> answers(client), "the client reaches Redis again");
            assertThat(echo(client)).isEqualTo("hi");
        }
    }

    private static String echo(RedisClient client) {
        return new String(
                (byte[]) client.eval(ECHO, List.of(), List.of("hi".getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8);
    }

    private static boolean answers(RedisClient client) {
        try {
            client.ping();
            return true;
        } catch (RedisUnavailable e) {
            return false;
        }
    }
}
