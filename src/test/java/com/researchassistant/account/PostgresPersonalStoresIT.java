package com.researchassistant.account;

import com.researchassistant.testing.PostgresServer;

/** The personal stores' contract on PostgreSQL (a tsvector for conversation search), a fresh database per test. */
class PostgresPersonalStoresIT extends PersonalStoresContract {

    private final String url = PostgresServer.shared().newDatabase();

    @Override
    protected String url() {
        return url;
    }
}
