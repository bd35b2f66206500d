package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Turn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every turn whose {@code append} returned survives a {@code kill -9} of the process in the
 * middle of further appends.
 */
class SessionDurabilityIT {

    static final String OWNER = "durable-owner";
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dir;

    static NewTurn turn(int i) {
        return NewTurn.user("turn number " + i + " with some text to compress ".repeat(5), "desktop");
    }

    @Test
    @Timeout(90)
    void acknowledged_turns_survive_a_kill_of_the_process() throws Exception {
        // given
        Path database = dir.resolve("sessions.db");
        Process child = startChild(database);
        String sessionId;
        int lastAck;
        try {
            // when
            Acknowledgements acks = readAcknowledgements(child);
            sessionId = acks.sessionId();
            lastAck = acks.lastSeq();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }

        // then
        assertThat(child.isAlive()).isFalse();
        assertThat(lastAck).as("acknowledgements seen before the kill").isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        try (JdbcSessionStore store = JdbcSessionStore.open("jdbc:sqlite:" + database, Clock.systemUTC())) {
            List<Turn> turns = store.find(OWNER, sessionId).orElseThrow().turns();
            assertThat(turns.size()).isGreaterThanOrEqualTo(lastAck);
            assertThat(turns)
                    .extracting(Turn::seq)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, turns.size()).boxed().toList());
            for (Turn turn : turns.subList(0, lastAck)) {
                assertThat(turn.body()).isEqualTo(turn(turn.seq()));
            }
        }
    }

    private Process startChild(Path database) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(),
                database.toString());
        builder.redirectError(dir.resolve("child-stderr.txt").toFile());
        return builder.start();
    }

    private record Acknowledgements(String sessionId, int lastSeq) {}

    /** Reads the child's output until enough turns were acknowledged, checking they come in order. */
    private Acknowledgements readAcknowledgements(Process child) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        List<String> other = new ArrayList<>();
        String sessionId = null;
        int lastSeq = 0;
        String line;
        while (lastSeq < ACKS_BEFORE_KILL && (line = reader.readLine()) != null) {
            if (line.startsWith("SESSION ")) {
                sessionId = line.substring("SESSION ".length());
            } else if (line.startsWith("ACK ")) {
                int seq = Integer.parseInt(line.substring("ACK ".length()));
                assertThat(seq).isEqualTo(lastSeq + 1);
                lastSeq = seq;
            } else {
                other.add(line);
            }
        }
        assertThat(sessionId)
                .as("child output %s, stderr %s", other, Files.readString(dir.resolve("child-stderr.txt")))
                .isNotNull();
        return new Acknowledgements(sessionId, lastSeq);
    }
}
