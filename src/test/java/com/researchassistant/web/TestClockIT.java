package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.Application;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole application assembled with a clock the test moves: days pass without waiting for them. */
@Timeout(120)
class TestClockIT {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_shared_link_lives_its_days_on_the_application_clock_and_is_gone_after() {
        // given
        app = TestApp.start(dir, Map.of(), Application.Overrides.none().withClock(clock));
        String session = app.newSession(ALICE);
        String url = JsonPaths.text(
                app.postJson("/api/sessions/" + session + "/shares", ALICE, "{\"days\":2}")
                        .body(),
                "url");
        String token = url.substring("/s/".length());

        // when
        clock.advance(Duration.ofDays(1));
        int afterOneDay = app.get("/api/shares/" + token, null).statusCode();
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        int afterTwoDays = app.get("/api/shares/" + token, null).statusCode();

        // then
        assertThat(afterOneDay).isEqualTo(200);
        assertThat(afterTwoDays).isEqualTo(404);
    }
}
