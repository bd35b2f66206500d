package com.researchassistant.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.RedisConfig;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterLoadIT {

    private static final Duration PERIOD = Duration.ofMillis(100);

    private final RedisServer redis = RedisServer.launch();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    private final RedisClient client =
            RedisClient.open(RedisConfig.fromUrl(redis.url(), Duration.ofSeconds(2), 2), Clock.systemUTC());

    @AfterEach
    void stop() {
        client.close();
        redis.close();
    }

    @Test
    void sums_the_instances_that_report_and_forgets_those_that_stop() {
        // given
        AtomicInteger runningA = new AtomicInteger(3);
        ClusterLoad a = new ClusterLoad(client, runningA::get, () -> 5, PERIOD, Clock.systemUTC());
        ClusterLoad b = new ClusterLoad(client, () -> 1, () -> 2, PERIOD, Clock.systemUTC());
        ClusterLoad reader = new ClusterLoad(client, () -> 0, () -> 0, PERIOD, Clock.systemUTC());

        // when
        a.publish();
        b.publish();

        // then, and once b stops reporting (as if it crashed) while a goes on
        assertThat(reader.totals()).isEqualTo(new ClusterLoad.Totals(2, 4, 7));
        a.start();
        runningA.set(4);
        Eventually.await(
                Duration.ofSeconds(10),
                () -> reader.totals().equals(new ClusterLoad.Totals(1, 4, 5)),
                "only the instance still reporting counts, with its latest numbers");
        a.close();
    }

    @Test
    void a_read_of_the_sums_serves_for_one_period_by_the_clock() {
        // given a long period, so that nothing expires in Redis meanwhile
        Duration period = Duration.ofMinutes(1);
        ClusterLoad a = new ClusterLoad(client, () -> 1, () -> 0, period, clock);
        ClusterLoad b = new ClusterLoad(client, () -> 2, () -> 0, period, clock);
        ClusterLoad reader = new ClusterLoad(client, () -> 0, () -> 0, period, clock);
        a.publish();
        ClusterLoad.Totals first = reader.totals();

        // when
        b.publish();
        clock.advance(period.minusMillis(1));
        ClusterLoad.Totals withinThePeriod = reader.totals();
        clock.advance(Duration.ofMillis(1));
        ClusterLoad.Totals afterIt = reader.totals();

        // then
        assertThat(first).isEqualTo(new ClusterLoad.Totals(1, 1, 0));
        assertThat(withinThePeriod).isEqualTo(first);
        assertThat(afterIt).isEqualTo(new ClusterLoad.Totals(2, 3, 0));
    }

    @Test
    void reports_unknown_without_redis() {
        // given
        ClusterLoad load = new ClusterLoad(client, () -> 1, () -> 1, PERIOD, clock);

        // when
        redis.stop();

        // then
        assertThat(load.totals().instances()).isEqualTo(-1);
    }
}
