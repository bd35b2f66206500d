package com.researchassistant;

import com.researchassistant.config.AppConfig;
import com.researchassistant.research.ResearchSources;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The object graph of one running server, built by hand in dependency order. Production builds it
 * from the configuration alone; a test may put in its own clocks and research sources ({@link
 * Overrides}), and shorten the leases through the configuration ({@code RA_ANSWER_MARK_LEASE}...).
 */
public final class Application implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Application.class);

    private final List<AutoCloseable> resources;
    private final int port;

    private Application(List<AutoCloseable> resources, int port) {
        this.resources = List.copyOf(resources);
        this.port = port;
    }

    /**
     * What a caller may put in place of production's parts.
     *
     * @param wall the time that is stored and compared between instances: timestamps, leases, expiries
     * @param elapsed the time that measures durations: timeouts, deadlines, traces, backoff
     * @param researchSources what research searches and fetches; empty: the configured providers
     */
    public record Overrides(Clock wall, Clock elapsed, Optional<ResearchSources> researchSources) {

        public Overrides {
            Objects.requireNonNull(wall, "wall");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(researchSources, "researchSources");
        }

        /** Production's: the system's UTC clock for what is stored, a monotonic one for durations. */
        public static Overrides none() {
            return new Overrides(Clock.systemUTC(), new MonotonicClock(), Optional.empty());
        }

        /** One clock for both, as a test that moves time by hand wants. */
        public Overrides withClock(Clock clock) {
            return new Overrides(clock, clock, researchSources);
        }

        public Overrides withResearchSources(ResearchSources sources) {
            return new Overrides(wall, elapsed, Optional.of(sources));
        }
    }

    /** Builds everything from {@code config} and starts listening. */
    public static Application start(AppConfig config) {
        return start(config, Overrides.none());
    }

    /** Builds everything from {@code config}, with {@code overrides} in place of production's parts. */
    public static Application start(AppConfig config, Overrides overrides) {
        routeJulToSlf4j();
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            int port = new Wiring(config, overrides, opened).start();
            return new Application(List.copyOf(opened), port);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Helidon logs through java.util.logging; send it to the same place as everything else. */
    private static synchronized void routeJulToSlf4j() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }

    public int port() {
        return port;
    }

    /** Stops the server, then closes what it used, newest first. */
    @Override
    public void close() {
        closeAll(new ArrayDeque<>(resources));
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable resource = opened.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
