package com.researchassistant.session;

import com.researchassistant.MonotonicClock;
import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Reasoning;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionWindow;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.llm.Usage;
import com.researchassistant.testing.PostgresServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The store read of one message in a long conversation that is not in the hot cache: the whole
 * session ({@code find}, what the chat service read before) against the window the pipeline reads
 * ({@code findRecent} of {@link ChatService#HISTORY_TURNS}), and the session alone ({@code
 * findRecent} of 0, all an existence check needs), straight from {@link JdbcSessionStore}.
 *
 * <p>The conversation: 2,500 turns alternating a question of 100-300 characters and an answer of
 * 1,500-2,500 characters with three cited passages and a trace, about what the soak run's answers
 * weigh. Rounds alternate the three reads; each is timed by the clock and its allocation counted.
 *
 * <p>{@code bench/run.sh window [postgres]} runs it (PostgreSQL from this machine's binaries, as
 * the tests start it); by hand:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   com.researchassistant.session.SessionWindowBenchmark [postgres]
 * </pre>
 */
public final class SessionWindowBenchmark {

    private static final int TURNS = 2_500;
    private static final int WARM_UP = 20;
    private static final int ROUNDS = 100;
    private static final String OWNER = "bench";

    private SessionWindowBenchmark() {}

    public static void main(String[] args) throws Exception {
        Clock clock = new MonotonicClock();
        Path dir = Files.createTempDirectory("window-bench");
        System.out.printf(
                "# %d turns; %d rounds after %d warm-up rounds; window %d turns%n",
                TURNS, ROUNDS, WARM_UP, ChatService.HISTORY_TURNS);
        System.out.println("| database | read | turns read | p50 ms | p99 ms | mean ms | allocated MB a read |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        try (JdbcSessionStore sqlite = JdbcSessionStore.open("jdbc:sqlite:" + dir.resolve("bench.db"), clock)) {
            run("SQLite", sqlite, clock);
        }
        if (List.of(args).contains("postgres")) {
            try (PostgresServer server = PostgresServer.launch();
                    JdbcSessionStore postgres = JdbcSessionStore.open(server.newDatabase(), clock)) {
                run("PostgreSQL", postgres, clock);
            }
        }
    }

    private static void run(String database, JdbcSessionStore store, Clock clock) {
        String id = conversation(store);
        List<Read> reads = List.of(
                new Read(
                        "find (whole session, before)",
                        () -> store.find(OWNER, id).orElseThrow().turns().size()),
                new Read(
                        "findRecent " + ChatService.HISTORY_TURNS + " (window, after)",
                        () -> window(store, id, ChatService.HISTORY_TURNS)),
                new Read("findRecent 0 (session alone)", () -> window(store, id, 0)));
        for (int i = 0; i < WARM_UP; i++) {
            reads.forEach(read -> read.work().get());
        }
        long[][] nanos = new long[reads.size()][ROUNDS];
        long[] allocated = new long[reads.size()];
        int[] turnsRead = new int[reads.size()];
        for (int round = 0; round < ROUNDS; round++) {
            for (int r = 0; r < reads.size(); r++) {
                long bytesBefore = allocatedBytes();
                Instant start = clock.instant();
                turnsRead[r] = reads.get(r).work().get();
                nanos[r][round] = Duration.between(start, clock.instant()).toNanos();
                allocated[r] += allocatedBytes() - bytesBefore;
            }
        }
        for (int r = 0; r < reads.size(); r++) {
            long[] sorted = nanos[r].clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f |%n",
                    database,
                    reads.get(r).name(),
                    turnsRead[r],
                    millis(sorted[ROUNDS / 2]),
                    millis(sorted[ROUNDS * 99 / 100]),
                    millis(Arrays.stream(sorted).sum() / ROUNDS),
                    allocated[r] / (double) ROUNDS / (1 << 20));
        }
    }

    private record Read(String name, Supplier<Integer> work) {}

    private static int window(JdbcSessionStore store, String id, int maxTurns) {
        SessionWindow window = store.findRecent(OWNER, id, maxTurns).orElseThrow();
        return window.turns().size();
    }

    private static String conversation(JdbcSessionStore store) {
        Random random = new Random(42);
        Session session = store.create(OWNER, "A very long conversation");
        for (int i = 0; i < TURNS; i++) {
            store.append(
                    OWNER,
                    session.id(),
                    i % 2 == 0 ? NewTurn.user(text(random, 100 + random.nextInt(200)), "desktop") : answer(random));
        }
        return session.id();
    }

    private static NewTurn answer(Random random) {
        List<Source> sources = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            sources.add(new Source(
                    n,
                    Source.LIBRARY,
                    "document-" + random.nextInt(1_000),
                    "A paper on tides " + n,
                    "Section " + n,
                    text(random, 240),
                    random.nextDouble()));
        }
        List<TraceStep> steps = List.of(
                TraceStep.withoutModel("intent", Duration.ofMillis(2), TraceStep.Outcome.OK, "rules"),
                TraceStep.withoutModel("context", Duration.ofMillis(1), TraceStep.Outcome.OK, "cached summary"),
                TraceStep.withoutModel(
                        "retrieval", Duration.ofMillis(4), TraceStep.Outcome.OK, "3 passages and turns found"),
                TraceStep.withoutModel("expertise", Duration.ofMillis(0), TraceStep.Outcome.OK, "researcher"),
                TraceStep.withModel(
                        "synthesis",
                        Duration.ofMillis(1_300),
                        "some/model",
                        new Usage(1_800, 450),
                        TraceStep.Outcome.OK,
                        "finish: stop"),
                TraceStep.withoutModel("safety", Duration.ofMillis(3), TraceStep.Outcome.OK, "no concerns"));
        Reasoning reasoning = new Reasoning(
                text(random, 120),
                List.of(text(random, 80) + " [1]", text(random, 80) + " [2]"),
                0.7,
                List.of(text(random, 60)),
                List.of("one source only"));
        AnswerTrace trace = new AnswerTrace(
                "explanation",
                0.8,
                "",
                "researcher",
                0.6,
                steps,
                reasoning,
                List.of(),
                new AnswerTrace.Timing(1_310, 420));
        return new NewTurn(
                NewTurn.Role.ASSISTANT,
                text(random, 1_500 + random.nextInt(1_000)),
                NewTurn.Status.COMPLETE,
                "some/model",
                "desktop",
                1_800,
                450,
                1_300,
                sources,
                trace);
    }

    private static final String[] WORDS = ("tide moon gravity ocean basin resonance amplitude phase coast estuary"
                    + " harmonic current sediment wave period lunar solar spring neap model data measured station")
            .split(" ");

    private static String text(Random random, int chars) {
        StringBuilder text = new StringBuilder(chars + 16);
        while (text.length() < chars) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ". " : " ");
        }
        return text.substring(0, chars);
    }

    /** By every thread: the store reads on a thread of its own ({@code Database}). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
