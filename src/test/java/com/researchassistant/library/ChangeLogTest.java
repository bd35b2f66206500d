package com.researchassistant.library;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The change log contract on an SQLite file. */
class ChangeLogTest extends ChangeLogContract {

    @TempDir
    Path dir;

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("research-assistant.db");
    }
}
