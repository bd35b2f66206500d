package com.researchassistant.library;

import com.researchassistant.testing.PostgresServer;

/** The change log contract on the machine's PostgreSQL, a fresh database per test. */
class PostgresChangeLogIT extends ChangeLogContract {

    private final String url = PostgresServer.shared().newDatabase();

    @Override
    protected String url() {
        return url;
    }
}
