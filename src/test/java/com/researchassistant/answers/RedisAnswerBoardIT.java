package com.researchassistant.answers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.RedisConfig;
import com.researchassistant.redis.RedisClient;
import com.researchassistant.redis.RedisUnavailable;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RedisAnswerBoardIT {

    private final RedisServer redis = RedisServer.launch();
    private final RedisClient client =
            RedisClient.open(RedisConfig.fromUrl(redis.url(), Duration.ofSeconds(2), 2), Clock.systemUTC());
    private final RedisAnswerBoard board = new RedisAnswerBoard(client, Duration.ofMillis(400));

    @AfterEach
    void stop() {
        client.close();
        redis.close();
    }

    @Test
    void one_holder_at_a_time_and_only_the_holder_releases() {
        assertThat(board.tryMark("s1", "a")).isTrue();
        assertThat(board.tryMark("s1", "b")).isFalse();
        assertThat(board.marked("s1")).isTrue();

        board.unmark("s1", "b");
        assertThat(board.marked("s1")).isTrue();

        board.unmark("s1", "a");
        assertThat(board.marked("s1")).isFalse();
        assertThat(board.tryMark("s1", "b")).isTrue();
    }

    @Test
    void a_dead_holders_mark_lapses_and_a_live_holders_is_renewed() {
        // given
        board.tryMark("dead", "a");
        board.tryMark("live", "b");

        // when only b keeps renewing, for longer than the lease
        long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        Eventually.await(
                Duration.ofSeconds(10),
                () -> {
                    board.renew(List.of("live", "dead"), "b");
                    return System.nanoTime() > until;
                },
                "renewing past the lease");

        // then
        assertThat(board.marked("dead")).isFalse();
        assertThat(board.marked("live")).isTrue();
    }

    @Test
    void a_cancel_request_exists_only_for_a_running_answer_and_goes_with_its_mark() {
        assertThat(board.requestCancel("idle")).isFalse();
        assertThat(board.cancelRequested(List.of("idle"))).isEmpty();

        board.tryMark("busy", "a");
        assertThat(board.requestCancel("busy")).isTrue();
        assertThat(board.cancelRequested(List.of("idle", "busy"))).containsExactly("busy");

        board.unmark("busy", "a");
        assertThat(board.cancelRequested(List.of("busy"))).isEmpty();
    }

    @Test
    void redis_gone_is_reported_not_hidden() {
        redis.stop();
        assertThatThrownBy(() -> board.tryMark("s", "a")).isInstanceOf(RedisUnavailable.class);
    }
}
