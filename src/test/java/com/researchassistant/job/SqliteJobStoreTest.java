package com.researchassistant.job;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest extends JobStoreContract {

    @TempDir
    Path dir;

    @Override
    protected JobStore open(MutableClock clock) {
        return JobStore.open(DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("jobs.db")), clock);
    }
}
