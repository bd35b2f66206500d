package com.researchassistant.account;

import com.researchassistant.MonotonicClock;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.Session;
import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.config.DevicesConfig;
import com.researchassistant.db.Database;
import com.researchassistant.session.JdbcSessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What conversation search and identity resolution cost, on SQLite: {@code sessions} conversations
 * of six messages (~60 words each) spread over 30 owners, then searches of one and two words for
 * one owner; and {@link Accounts#ownerOf} from its cache and from the database. Prints Markdown
 * for docs/benchmarks.md.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   com.researchassistant.account.PersonalStoresBenchmark 3000
 * </pre>
 */
public final class PersonalStoresBenchmark {

    private static final String[] WORDS = ("sleep memory spindle consolidation hippocampus replay cortex power sample "
                    + "effect size variance bias study trial cohort dose response neuron synapse plasticity learning recall "
                    + "encoding retrieval attention stress cortisol rhythm circadian night day signal noise model estimate "
                    + "the a of and in to is that for with on as by at from")
            .split(" ");

    private PersonalStoresBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Clock clock = new MonotonicClock();
        Path dir = Files.createTempDirectory("ra-search-bench-");
        String url = "jdbc:sqlite:" + dir.resolve("bench.db");
        Random random = new Random(7);
        try (JdbcSessionStore sessions = JdbcSessionStore.open(url, clock)) {
            Instant started = clock.instant();
            for (int i = 0; i < count; i++) {
                String owner = "c:owner" + (i % 30);
                Session s = sessions.create(owner, sentence(random, 5));
                for (int t = 0; t < 6; t++) {
                    sessions.append(owner, s.id(), NewTurn.user(sentence(random, 60), "mobile"));
                }
            }
            System.out.printf(
                    "%d conversations, %d messages written in %d s; database %.1f MB%n",
                    count,
                    count * 6,
                    Duration.between(started, clock.instant()).toSeconds(),
                    Files.size(dir.resolve("bench.db")) / 1e6);
            System.out.println("| query | results | p50 (ms) | p95 (ms) |");
            System.out.println("|---|---:|---:|---:|");
            for (String query : List.of("spindle", "hippocampus replay", "the", "consolid", "zzzz")) {
                measure(sessions, clock, query);
            }
        }
        try (Database database = Database.open(DatabaseConfig.of(url), "bench")) {
            lookups(database, clock);
        }
    }

    private static void measure(JdbcSessionStore sessions, Clock clock, String query) {
        long[] micros = new long[200];
        int results = 0;
        for (int i = 0; i < micros.length; i++) {
            Instant start = clock.instant();
            results = sessions.search("c:owner7", query, 20).size();
            micros[i] = Duration.between(start, clock.instant()).toNanos() / 1000;
        }
        Arrays.sort(micros);
        System.out.printf("| %s | %d | %.2f | %.2f |%n", query, results, micros[100] / 1000.0, micros[190] / 1000.0);
    }

    private static void lookups(Database database, Clock clock) {
        DevicesConfig defaults = DevicesConfig.defaults();
        Accounts cached = new Accounts(new JdbcDeviceStore(database), List.of(), defaults, clock);
        Accounts uncached = new Accounts(
                new JdbcDeviceStore(database),
                List.of(),
                new DevicesConfig(
                        defaults.pairingTtl(),
                        5,
                        20,
                        60,
                        Duration.ofNanos(1),
                        defaults.shareTtl(),
                        defaults.maxShareTtl()),
                clock);
        cached.link(
                "c:linked", "bench", cached.startPairing("c:account", "bench").code(), "127.0.0.1");
        List<String> devices = new ArrayList<>(List.of("c:linked", "c:alone"));
        for (Accounts accounts : List.of(cached, uncached)) {
            for (String device : devices) {
                int n = accounts == cached ? 200_000 : 5_000;
                Instant start = clock.instant();
                for (int i = 0; i < n; i++) {
                    accounts.ownerOf(device);
                }
                double micros = Duration.between(start, clock.instant()).toNanos() / 1000.0 / n;
                System.out.printf(
                        "ownerOf %s, %s: %.2f us a call%n",
                        device.equals("c:linked") ? "linked" : "unlinked",
                        accounts == cached ? "cached" : "from the database",
                        micros);
            }
        }
    }

    private static String sentence(Random random, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return s.toString();
    }
}
