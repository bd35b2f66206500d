package com.researchassistant.library;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class JdbcDocumentStoreTest extends DocumentStoreContract {

    @TempDir
    Path dir;

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("research-assistant.db");
    }
}
