package com.researchassistant.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.researchassistant.config.LimitsConfig;
import com.researchassistant.config.RedisConfig;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits contract in Redis, and that the limits hold across instances: each {@code
 * limits(...)} call stands for another instance with its own connections to the same Redis.
 */
@Timeout(60)
class RedisLimitsIT extends IdentityLimitsContract {

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static RedisServer redis;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start_redis() {
        redis = RedisServer.launch();
    }

    @AfterAll
    static void stop_redis() {
        redis.close();
    }

    @BeforeEach
    void empty_redis() {
        redis.start();
        redis.flush();
    }

    @AfterEach
    void close_all() throws Exception {
        for (AutoCloseable resource : opened.reversed()) {
            resource.close();
        }
    }

    /** A new instance without lease renewal running (tests renew by hand, or not at all: a crash). */
    @Override
    protected RedisLimits limits(LimitsConfig config) {
        RedisClient client = RedisClient.open(RedisConfig.fromUrl(redis.url(), Duration.ofSeconds(2), 2), clock);
        opened.add(client);
        RedisLimits limits = new RedisLimits(client, config, clock, LEASE);
        opened.add(limits);
        return limits;
    }

    @Test
    void the_rate_holds_across_instances() {
        // given
        LimitsConfig config = new LimitsConfig(3, 0);
        IdentityLimits a = limits(config);
        IdentityLimits b = limits(config);

        // when
        a.acquire(ALICE).close();
        b.acquire(ALICE).close();
        a.acquire(ALICE).close();

        // then
        assertThatThrownBy(() -> b.acquire(ALICE)).isInstanceOf(LimitExceeded.class);
        assertThatThrownBy(() -> a.acquire(ALICE)).isInstanceOf(LimitExceeded.class);
        b.acquire(BOB).close();
    }

    @Test
    void the_answer_cap_holds_across_instances() {
        // given
        LimitsConfig config = new LimitsConfig(0, 2);
        IdentityLimits a = limits(config);
        IdentityLimits b = limits(config);
        IdentityLimits.Permit onA = a.acquire(ALICE);
        b.acquire(ALICE);

        // when
        Throwable refused = catchThrowable(() -> a.acquire(ALICE));
        onA.close();

        // then
        assertThat(refused).isInstanceOf(LimitExceeded.class);
        b.acquire(ALICE);
    }

    @Test
    void the_slots_of_a_crashed_instance_lapse_after_the_lease_time() {
        // given an instance that took both slots and died without releasing or renewing them
        LimitsConfig config = new LimitsConfig(0, 2);
        IdentityLimits crashed = limits(config);
        crashed.acquire(ALICE);
        crashed.acquire(ALICE);
        IdentityLimits survivor = limits(config);
        assertThatThrownBy(() -> survivor.acquire(ALICE)).isInstanceOf(LimitExceeded.class);

        // when
        clock.advance(LEASE.plusSeconds(1));

        // then
        survivor.acquire(ALICE);
        survivor.acquire(ALICE);
    }

    @Test
    void a_live_instance_renews_its_leases() {
        // given
        LimitsConfig config = new LimitsConfig(0, 1);
        RedisLimits live = limits(config);
        live.acquire(ALICE);
        IdentityLimits other = limits(config);

        // when
        clock.advance(LEASE.multipliedBy(2).dividedBy(3));
        live.renew();
        clock.advance(LEASE.multipliedBy(2).dividedBy(3));

        // then
        assertThatThrownBy(() -> other.acquire(ALICE)).isInstanceOf(LimitExceeded.class);
    }

    @Test
    void without_redis_a_message_fails_clearly_and_works_again_once_redis_is_back() {
        // given
        IdentityLimits limits = limits(new LimitsConfig(30, 2));
        IdentityLimits.Permit before = limits.acquire(ALICE);

        // when
        redis.stop();

        // then
        assertThatThrownBy(() -> limits.acquire(ALICE)).isInstanceOf(RedisUnavailable.class);
        assertThatThrownBy(limits::probe).isInstanceOf(RedisUnavailable.class);
        before.close();
        redis.start();
        clock.advance(RedisClient.COOL_DOWN); // the client tries Redis again once its cool-down has passed
        Eventually.await(Duration.ofSeconds(10), () -> acquires(limits), "limits work again");
    }

    private static boolean acquires(IdentityLimits limits) {
        try {
            limits.acquire(ALICE).close();
            return true;
        } catch (RedisUnavailable e) {
            return false;
        }
    }
}
