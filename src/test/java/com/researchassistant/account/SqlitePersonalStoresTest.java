package com.researchassistant.account;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The personal stores' contract on an SQLite file (FTS5 for conversation search). */
class SqlitePersonalStoresTest extends PersonalStoresContract {

    @TempDir
    Path dir;

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("personal.db");
    }
}
