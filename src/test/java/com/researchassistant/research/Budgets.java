package com.researchassistant.research;

import com.researchassistant.config.ResearchConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Budgets and meters for tests of single steps. */
final class Budgets {

    private Budgets() {}

    /** Plenty of everything: nothing is cut. */
    static ResearchConfig.Budget ample() {
        return new ResearchConfig.Budget(20, 200_000, 10, Duration.ofMinutes(10), 5, 5, 300, 4);
    }

    static ResearchConfig.Budget withSources(int sourcesRead) {
        ResearchConfig.Budget b = ample();
        return new ResearchConfig.Budget(
                b.modelCalls(),
                b.tokens(),
                sourcesRead,
                b.wallTime(),
                b.subQuestions(),
                b.resultsPerSearch(),
                b.sectionTokens(),
                b.passagesPerSection());
    }

    static ResearchConfig.Budget withCalls(int modelCalls, int tokens) {
        ResearchConfig.Budget b = ample();
        return new ResearchConfig.Budget(
                modelCalls,
                tokens,
                b.sourcesRead(),
                b.wallTime(),
                b.subQuestions(),
                b.resultsPerSearch(),
                b.sectionTokens(),
                b.passagesPerSection());
    }

    static Meter meter(ResearchConfig.Budget budget, Clock clock, RecordedEvents recorded) {
        return new Meter(budget, clock, Meter.Spent.NONE, List.of(), recorded.events()::cut, spent -> {});
    }
}
