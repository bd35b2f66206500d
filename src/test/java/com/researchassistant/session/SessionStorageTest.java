package com.researchassistant.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.chat.Session;
import com.researchassistant.config.StoreConfig;
import com.researchassistant.db.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStorageTest {

    @TempDir
    Path dir;

    private static StoreConfig config(Path dataDir) {
        return new StoreConfig(
                dataDir,
                Optional.empty(),
                100,
                16L << 20,
                Duration.ofMinutes(30),
                Duration.ofDays(30),
                Duration.ofHours(1));
    }

    @Test
    void creates_the_data_directory_and_the_sqlite_file_in_it() {
        // given
        Path dataDir = dir.resolve("nested/data");

        // when
        try (SessionStorage storage = SessionStorage.open(config(dataDir), Clock.systemUTC())) {
            Session session = storage.sessions().create("alice", "first");

            // then
            assertThat(storage.sessions().find("alice", session.id())).contains(session);
            assertThat(dataDir.resolve(StoreConfig.SQLITE_FILE)).isRegularFile();
        }
    }

    @Test
    void fails_fast_naming_the_data_directory_when_it_cannot_be_created() throws IOException {
        // given
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");

        // when / then
        assertThatThrownBy(() -> SessionStorage.open(config(notADirectory.resolve("data")), Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(notADirectory.resolve("data").toString());
    }
}
