package com.researchassistant.library;

import com.researchassistant.testing.PostgresServer;

/** The document store contract on the machine's PostgreSQL, a fresh database per test. */
class PostgresDocumentStoreIT extends DocumentStoreContract {

    private final String url = PostgresServer.shared().newDatabase();

    @Override
    protected String url() {
        return url;
    }
}
