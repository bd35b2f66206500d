package com.researchassistant.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.RedisConfig;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.RedisServer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ClusterLoadIT {

    private static final Duration PERIOD = Duration.ofMillis(100);

    private final RedisServer redis = RedisServer.launch();
    private final RedisClient client = RedisClient.open(RedisConfig.fromUrl(redis.url(), Duration.ofSeconds(2), 2));

    @AfterEach
    void stop() {
        client.close();
        redis.close();
    }

    @Test
    void sums_the_instances_that_report_and_forgets_those_that_stop() {
        // given
        AtomicInteger runningA = new AtomicInteger(3);
        ClusterLoad a = new ClusterLoad(client, runningA::get, () -> 5, PERIOD);
        ClusterLoad b = new ClusterLoad(client, () -> 1, () -> 2, PERIOD);
        ClusterLoad reader = new ClusterLoad(client, () -> 0, () -> 0, PERIOD);

        // when
        a.publish();
        b.publish();

        // then, and once b stops reporting (as if it crashed) while a goes on
        assertThat(reader.totals()).isEqualTo(new ClusterLoad.Totals(2, 4, 7));
        a.start();
        runningA.set(4);
        Eventually.await(Duration.ofSeconds(10), () -> reader.totals().equals(new ClusterLoad.Totals(1, 4, 5)),
                "only the instance still reporting counts, with its latest numbers");
        a.close();
    }

    @Test
    void reports_unknown_without_redis() {
        // given
        ClusterLoad load = new ClusterLoad(client, () -> 1, () -> 1, PERIOD);

        // when
        redis.stop();

        // then
        assertThat(load.totals().instances()).isEqualTo(-1);
    }
}
