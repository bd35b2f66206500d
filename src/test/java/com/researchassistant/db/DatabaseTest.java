package com.researchassistant.db;

import com.researchassistant.config.DatabaseConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The database contract on an SQLite file. */
class DatabaseTest extends DatabaseContract {

    @TempDir
    Path dir;

    @Override
    protected DatabaseConfig config() {
        return DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("test.db"));
    }
}
