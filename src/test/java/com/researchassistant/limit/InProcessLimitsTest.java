package com.researchassistant.limit;

import com.researchassistant.config.LimitsConfig;

class InProcessLimitsTest extends IdentityLimitsContract {

    @Override
    protected IdentityLimits limits(LimitsConfig config) {
        return new InProcessLimits(config, clock);
    }
}
