package com.researchassistant.job;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.testing.MutableClock;
import com.researchassistant.testing.PostgresServer;

class PostgresJobStoreIT extends JobStoreContract {

    @Override
    protected JobStore open(MutableClock clock) {
        return JobStore.open(DatabaseConfig.of(PostgresServer.shared().newDatabase()), clock);
    }
}
