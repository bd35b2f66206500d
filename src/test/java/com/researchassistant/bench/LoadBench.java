package com.researchassistant.bench;

import com.researchassistant.testing.PostgresServer;
import com.researchassistant.testing.RedisServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Whole-server load benchmarks (issue 7): the server runs as its own process started with
 * {@code ./ra serve}; the upstream model is {@link Upstream} in this JVM. A main class, not a test.
 *
 * <p>Subcommands: {@code rss} (idle and 200 concurrent SSE streams), {@code ttft [passages]}
 * (time to first token the server adds, without and with a library, then messages/s at
 * saturation), {@code overload} (twice the admission capacity). Every run is bounded and stops
 * its server. Arguments after the subcommand: see {@link #main}.
 */
public final class LoadBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final AtomicLong IDS = new AtomicLong();

    private final Path project;

    private LoadBench(Path project) {
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: LoadBench rss [streams] | ttft [passages] | overload [rounds]"
                    + " | soak [minutes] | scale | cache [sizes...]");
        }
        LoadBench bench =
                new LoadBench(Path.of(System.getProperty("bench.project", ".")).toAbsolutePath());
        OUT.printf(
                "# %s %s, nproc %d, loadavg %s%n",
                args[0], Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage());
        switch (args[0]) {
            case "rss" -> bench.rss(args.length > 1 ? Integer.parseInt(args[1]) : 200);
            case "ttft" -> bench.ttft(args.length > 1 ? Integer.parseInt(args[1]) : 2000);
            case "ttft-samples" -> bench.ttftSamples();
            case "overload" -> bench.overload(args.length > 1 ? Integer.parseInt(args[1]) : 3);
            case "scale" -> bench.scale();
            case "soak" -> bench.soak(args.length > 1 ? Integer.parseInt(args[1]) : 10);
            case "import" ->
                new ImportLoad(bench.project, OUT)
                        .run(
                                args.length > 1 ? Integer.parseInt(args[1]) : 1000,
                                args.length > 2 ? Integer.parseInt(args[2]) : 1000);
            case "cache" ->
                bench.cache(
                        args.length > 1
                                ? Arrays.stream(args, 1, args.length)
                                        .mapToInt(Integer::parseInt)
                                        .toArray()
                                : new int[] {20, 100, 400});
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
        OUT.printf("# end %s, loadavg %s%n", Instant.now(), loadAverage());
        System.exit(0);
    }

    // ---- 1. RSS idle and under concurrent streams

    private void rss(int streams) throws Exception {
        try (Upstream upstream = new Upstream(100, Duration.ofMillis(30), Duration.ofMillis(100));
                BenchServer server = start(
                        upstream,
                        Map.of(
                                "RA_MAX_WORKERS",
                                Integer.toString(streams),
                                "RA_QUEUE_CAPACITY",
                                Integer.toString(streams)))) {
            OUT.printf("server flags: %s%n", server.commandLine());
            OUT.printf(
                    "env: RA_MAX_WORKERS=%d RA_QUEUE_CAPACITY=%d; upstream 100 tokens, 30 ms apart, 100 ms prefill%n",
                    streams, streams);
            Thread.sleep(3000);
            OUT.printf("idle after start (model loaded): RSS %.1f MB, HWM %.1f MB%n", server.rssMb(), server.hwmMb());
            ChatClient client = new ChatClient(server.base());
            String key = key(0);
            String warmSession = client.createSession(key, "warm-up");
            for (int i = 0; i < 20; i++) {
                client.chat(key, warmSession, "warm-up question " + i + " about tidal energy");
            }
            Thread.sleep(2000);
            OUT.printf("idle after 20 warm-up chats: RSS %.1f MB, HWM %.1f MB%n", server.rssMb(), server.hwmMb());
            for (int round = 1; round <= 2; round++) {
                List<String> sessions = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    sessions.add(client.createSession(key(i % 50), "stream " + i));
                }
                double[] peak = {0};
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak[0] = Math.max(peak[0], server.rssMb());
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                List<ChatClient.Result> results = concurrently(
                        streams,
                        i -> () -> client.chat(
                                key(i % 50),
                                sessions.get(i),
                                "[bench:" + IDS.incrementAndGet() + "] question " + i
                                        + " about the history of tidal power stations"));
                sampler.interrupt();
                sampler.join();
                OUT.printf(
                        "round %d, %d concurrent streams: %s; max concurrent open %d; peak sampled RSS %.1f MB, HWM %.1f MB%n",
                        round, streams, outcomes(results), maxOverlap(results), peak[0], server.hwmMb());
                OUT.printf(
                        "  client TTFT %s; total %s%n",
                        quantiles(results, r -> r.firstTokenNanos() - r.sentNanos()),
                        quantiles(results, r -> r.endNanos() - r.sentNanos()));
                Thread.sleep(3000);
                OUT.printf("  3 s after round %d: RSS %.1f MB (%s)%n", round, server.rssMb(), server.rssParts());
                nativeMemory(server, "3 s after round " + round);
            }
        }
    }

    // ---- 2. TTFT added by the server, and messages/s at saturation

    private void ttft(int passages) throws Exception {
        try (Upstream upstream = new Upstream(60, Duration.ofMillis(20), Duration.ofMillis(100));
                BenchServer server = start(upstream, Map.of())) {
            OUT.printf("server flags: %s%n", server.commandLine());
            OUT.printf(
                    "env: defaults (RA_MAX_WORKERS=4, RA_QUEUE_CAPACITY=32); upstream 60 tokens, 20 ms apart, 100 ms prefill%n");
            ChatClient client = new ChatClient(server.base());
            String key = key(0);
            sequentialTtft(client, upstream, key, "no library documents", 30, 100);
            if (passages == 0) {
                return; // the quick form: no library, no saturation
            }
            Library library = ingest(client, key, passages);
            OUT.printf(
                    "ingested %d documents, %d chunks in %.1f s (%.1f ms a chunk); RSS %.1f MB%n",
                    library.documents(),
                    library.chunks(),
                    library.seconds(),
                    library.seconds() * 1000 / library.chunks(),
                    server.rssMb());
            sequentialTtft(client, upstream, key, library.chunks() + " library chunks", 10, 100);
            String saturation = "saturation, 16 closed-loop clients, 60 s";
            spread(List.of(client), upstream, saturation, i -> key, Duration.ofMillis(20), Duration.ofMillis(100));
            spread(List.of(client), upstream, saturation, i -> key, Duration.ZERO, Duration.ZERO);
            OUT.printf("RSS at the end %.1f MB (%s), HWM %.1f MB%n", server.rssMb(), server.rssParts(), server.hwmMb());
        }
    }

    /**
     * The first token with a real library, as a new user has it: the four sample documents (real
     * prose, a few dozen passages) and questions about them, against the same identity without a
     * library, in one run; the upstream answers its first token after 1 ms, like a loopback model.
     */
    private void ttftSamples() throws Exception {
        try (Upstream upstream = new Upstream(60, Duration.ofMillis(1), Duration.ofMillis(1));
                BenchServer server = start(upstream, Map.of())) {
            OUT.printf("server flags: %s%n", server.commandLine());
            OUT.printf("env: defaults; upstream 60 tokens, 1 ms apart, 1 ms prefill%n");
            ChatClient client = new ChatClient(server.base());
            String bare = key(0);
            String reader = key(1);
            sequentialTtft(client, upstream, bare, "no library documents", 30, 200, QUESTIONS);
            client.loadSamples(reader);
            sequentialTtft(client, upstream, reader, "the four sample documents", 30, 200, SAMPLE_QUESTIONS);
            sequentialTtft(client, upstream, bare, "no library documents, again", 30, 200, QUESTIONS);
        }
    }

    private static final String[] SAMPLE_QUESTIONS = {
        "What does my library say about sleep and memory consolidation?",
        "How does statistical power depend on sample size?",
        "How does retrieval-augmented generation reduce hallucinations?",
        "How should I read the methods section of a research paper?",
        "Which of my documents discuss effect sizes, and what do they say?",
    };

    private void sequentialTtft(ChatClient client, Upstream upstream, String key, String label, int warmUp, int count) {
        sequentialTtft(client, upstream, key, label, warmUp, count, QUESTIONS);
    }

    private void sequentialTtft(
            ChatClient client, Upstream upstream, String key, String label, int warmUp, int count, String[] questions) {
        List<Long> added = new ArrayList<>();
        List<Long> clientTtft = new ArrayList<>();
        List<Long> stubTtft = new ArrayList<>();
        String session = null;
        for (int i = 0; i < warmUp + count; i++) {
            if (i % 5 == 0) {
                session = client.createSession(key, "ttft " + i);
            }
            long id = IDS.incrementAndGet();
            ChatClient.Result r =
                    client.chat(key, session, "[bench:" + id + "] " + questions[i % questions.length] + " (" + i + ")");
            Upstream.Timing t = upstream.timing(id);
            if (i < warmUp || !r.streamed() || t == null) {
                continue;
            }
            long clientNanos = r.firstTokenNanos() - r.sentNanos();
            clientTtft.add(clientNanos);
            stubTtft.add(t.ttftNanos());
            added.add(clientNanos - t.ttftNanos());
        }
        OUT.printf(
                "TTFT, %s, %d sequential messages (after %d warm-up): server added %s; client %s; upstream at stub %s%n",
                label, added.size(), warmUp, quantiles(added), quantiles(clientTtft), quantiles(stubTtft));
    }

    // ---- 2c. One instance against two, sharing PostgreSQL and Redis (issue 6, docs/scaling.md)

    private void scale() throws Exception {
        try (PostgresServer postgres = PostgresServer.launch();
                RedisServer redis = RedisServer.launch();
                Upstream upstream = new Upstream(60, Duration.ofMillis(20), Duration.ofMillis(100))) {
            Map<String, String> shared = Map.of(
                    "RA_DATABASE_URL",
                    postgres.newDatabase(),
                    "RA_REDIS_URL",
                    redis.url(),
                    "RA_CACHE_MAX_SESSIONS",
                    "1000");
            OUT.printf(
                    "env: defaults (RA_MAX_WORKERS=4 per instance), PostgreSQL 17 and Redis 6.2 (the tests' servers) on loopback; 16 closed-loop"
                            + " clients spread over the instances, 60 s a run%n");
            try (BenchServer one = start(upstream, shared)) {
                List<ChatClient> clients = List.of(new ChatClient(one.base()));
                spread(clients, upstream, "1 instance", LoadBench::key, Duration.ofMillis(20), Duration.ofMillis(100));
                spread(clients, upstream, "1 instance", LoadBench::key, Duration.ZERO, Duration.ZERO);
                try (BenchServer two = start(upstream, shared)) {
                    clients = List.of(new ChatClient(one.base()), new ChatClient(two.base()));
                    spread(
                            clients,
                            upstream,
                            "2 instances",
                            LoadBench::key,
                            Duration.ofMillis(20),
                            Duration.ofMillis(100));
                    spread(clients, upstream, "2 instances", LoadBench::key, Duration.ZERO, Duration.ZERO);
                    OUT.printf("RSS at the end: %.1f MB and %.1f MB%n", one.rssMb(), two.rssMb());
                }
            }
        }
    }

    /**
     * Saturation: 16 closed-loop clients for 60 s, client i as identity {@code keys(i)} on its own
     * conversation, each message sent to the next instance in turn (a load balancer without
     * affinity; with several instances the conversations are shared through the database).
     */
    private void spread(
            List<ChatClient> instances,
            Upstream upstream,
            String label,
            IntFunction<String> keys,
            Duration perToken,
            Duration prefill)
            throws Exception {
        upstream.pace(60, perToken, prefill);
        int clients = 16;
        int seconds = 60;
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            sessions.add(instances.get(i % instances.size()).createSession(keys.apply(i), label + " " + i));
        }
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<ChatClient.Result> all = java.util.Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        concurrently(clients, i -> () -> {
            int n = 0;
            while (System.nanoTime() < end) {
                // alternate instances per message, as a load balancer without affinity would
                ChatClient client = instances.get((i + n) % instances.size());
                all.add(client.chat(keys.apply(i), sessions.get(i), QUESTIONS[n++ % QUESTIONS.length] + " " + n));
            }
            return null;
        });
        double wall = (System.nanoTime() - start) / 1e9;
        long done = all.stream().filter(r -> r.ending().equals("done")).count();
        OUT.printf(
                "%s, upstream 60 tokens %d ms apart, %d ms prefill: %d done in %.1f s = %.2f messages/s; %s;"
                        + " total latency %s%n",
                label,
                perToken.toMillis(),
                prefill.toMillis(),
                done,
                wall,
                done / wall,
                outcomes(all),
                quantiles(all, r -> r.endNanos() - r.sentNanos()));
    }

    // ---- 2b. Memory over a long saturation run (instant upstream, history growing in every session)

    private void soak(int minutes) throws Exception {
        String jvmOpts = System.getenv().getOrDefault("RA_JVM_OPTS", "");
        try (Upstream upstream = new Upstream(60, Duration.ZERO, Duration.ZERO);
                BenchServer server = start(upstream, jvmOpts.isEmpty() ? Map.of() : Map.of("RA_JVM_OPTS", jvmOpts))) {
            OUT.printf("server flags: %s%n", server.commandLine());
            String malloc = System.getenv("MALLOC_ARENA_MAX");
            OUT.printf(
                    "env: defaults; MALLOC_ARENA_MAX=%s; 16 closed-loop clients, instant upstream, %d min%n",
                    malloc == null ? "(unset)" : malloc, minutes);
            ChatClient client = new ChatClient(server.base());
            String key = key(0);
            nativeMemory(server, "start");
            long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            AtomicLong done = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                long t0 = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    OUT.printf(
                            "t=%4.0f s  messages %6d  RSS %6.1f MB  HWM %6.1f MB%n",
                            (System.nanoTime() - t0) / 1e9, done.get(), server.rssMb(), server.hwmMb());
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            int clients = 16;
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sessions.add(client.createSession(key, "soak " + i));
            }
            concurrently(clients, i -> () -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    client.chat(key, sessions.get(i), QUESTIONS[n++ % QUESTIONS.length] + " " + n);
                    done.incrementAndGet();
                }
                return null;
            });
            sampler.interrupt();
            OUT.printf(
                    "end: messages %d, RSS %.1f MB (%s), HWM %.1f MB%n",
                    done.get(), server.rssMb(), server.rssParts(), server.hwmMb());
            nativeMemory(server, "end");
        }
    }

    /** Prints the JVM's native memory summary when the server runs with -XX:NativeMemoryTracking. */
    private static void nativeMemory(BenchServer server, String label) throws IOException, InterruptedException {
        if (!server.commandLine().contains("NativeMemoryTracking")) {
            return;
        }
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(server.pid()),
                        "VM.native_memory",
                        "summary")
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        OUT.printf("native memory at %s:%n", label);
        out.lines()
                .filter(l -> l.contains("Total") || l.startsWith("-") || l.contains("committed="))
                .filter(l -> !l.contains("(malloc=") || l.startsWith("-"))
                .forEach(l -> OUT.println("  " + l.strip()));
    }

    // ---- 3. Overload at twice the admission capacity

    private void overload(int rounds) throws Exception {
        int capacity = 4 + 32;
        try (Upstream upstream = new Upstream(60, Duration.ofMillis(30), Duration.ofMillis(100));
                BenchServer server = start(upstream, Map.of())) {
            OUT.printf("server flags: %s%n", server.commandLine());
            OUT.printf(
                    "env: defaults (RA_MAX_WORKERS=4, RA_QUEUE_CAPACITY=32, capacity %d); %d concurrent messages a round;"
                            + " upstream 60 tokens, 30 ms apart, 100 ms prefill%n",
                    capacity, 2 * capacity);
            ChatClient client = new ChatClient(server.base());
            String warm = client.createSession(key(0), "warm-up");
            for (int i = 0; i < 10; i++) {
                client.chat(key(0), warm, "warm-up " + i);
            }
            Thread.sleep(2000);
            OUT.printf("before: RSS %.1f MB%n", server.rssMb());
            for (int round = 1; round <= rounds; round++) {
                List<String> sessions = new ArrayList<>();
                for (int i = 0; i < 2 * capacity; i++) {
                    sessions.add(client.createSession(key(i % 20), "overload " + i));
                }
                List<ChatClient.Result> results = concurrently(
                        2 * capacity,
                        i -> () -> client.chat(
                                key(i % 20), sessions.get(i), "overload question " + i + " about wind turbines"));
                List<ChatClient.Result> rejected =
                        results.stream().filter(r -> r.status() == 429).toList();
                List<ChatClient.Result> served =
                        results.stream().filter(r -> r.ending().equals("done")).toList();
                OUT.printf(
                        "round %d: %s; 429 share %.2f, 429 latency %s; served latency to first token %s, total %s%n",
                        round,
                        outcomes(results),
                        rejected.size() / (double) results.size(),
                        quantiles(rejected, r -> r.endNanos() - r.sentNanos()),
                        quantiles(served, r -> r.firstTokenNanos() - r.sentNanos()),
                        quantiles(served, r -> r.endNanos() - r.sentNanos()));
                Thread.sleep(2000);
                OUT.printf(
                        "  after round %d: RSS %.1f MB, HWM %.1f MB, ra_admission_rejected_total %.0f%n",
                        round, server.rssMb(), server.hwmMb(), client.metric("ra_admission_rejected_total"));
            }
        }
    }

    // ---- 4. Cache hit ratios on a replayed workload

    /**
     * 300 sessions of 100 users; 8 virtual users pick a session by Zipf (s = 1) over the
     * sessions, send one of 40 questions (Zipf too), think 0-400 ms; 40 s per cache size, idle
     * expiry {@code RA_CACHE_TTL=20s}. The upstream answers instantly (5 tokens).
     */
    private void cache(int[] sizes) throws Exception {
        for (int size : sizes) {
            try (Upstream upstream = new Upstream(5, Duration.ZERO, Duration.ZERO);
                    BenchServer server = start(
                            upstream, Map.of("RA_CACHE_MAX_SESSIONS", Integer.toString(size), "RA_CACHE_TTL", "20s"))) {
                ChatClient client = new ChatClient(server.base());
                int sessionCount = 300;
                List<String> sessions = new ArrayList<>();
                for (int i = 0; i < sessionCount; i++) {
                    sessions.add(client.createSession(key(i % 100), "replay " + i));
                }
                double[] before = cacheCounters(client);
                long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                List<ChatClient.Result> all = java.util.Collections.synchronizedList(new ArrayList<>());
                concurrently(8, u -> () -> {
                    Random random = new Random(100 + u);
                    double[] sessionCdf = zipf(sessionCount);
                    double[] questionCdf = zipf(40);
                    while (System.nanoTime() < end) {
                        int s = pick(sessionCdf, random);
                        all.add(client.chat(
                                key(s % 100),
                                sessions.get(s),
                                "replayed question number " + pick(questionCdf, random) + " about tidal lagoons"));
                        try {
                            Thread.sleep(random.nextInt(400));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return null;
                        }
                    }
                    return null;
                });
                double[] after = cacheCounters(client);
                double sessionHits = after[0] - before[0];
                double sessionMisses = after[1] - before[1];
                double embedHits = after[2] - before[2];
                double embedMisses = after[3] - before[3];
                OUT.printf(
                        "RA_CACHE_MAX_SESSIONS=%d RA_CACHE_TTL=20s: %d messages %s; session cache hits %.0f misses %.0f ratio %.3f;"
                                + " embedding cache hits %.0f misses %.0f ratio %.3f; RSS %.1f MB%n",
                        size,
                        all.size(),
                        outcomes(all),
                        sessionHits,
                        sessionMisses,
                        sessionHits / Math.max(1, sessionHits + sessionMisses),
                        embedHits,
                        embedMisses,
                        embedHits / Math.max(1, embedHits + embedMisses),
                        server.rssMb());
            }
        }
    }

    private static double[] cacheCounters(ChatClient client) {
        return new double[] {
            client.metric("ra_session_cache_hits_total"),
            client.metric("ra_session_cache_misses_total"),
            client.metric("ra_embedding_cache_hits_total"),
            client.metric("ra_embedding_cache_misses_total")
        };
    }

    private static double[] zipf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int pick(double[] cdf, Random random) {
        int at = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(cdf.length - 1, at >= 0 ? at : -at - 1);
    }

    // ---- shared

    private BenchServer start(Upstream upstream, Map<String, String> extra) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("ra-bench-");
        // the benchmarks drive a few identities hard; per-identity limits would only measure themselves
        Map<String, String> env = new HashMap<>(Map.of(
                "RA_LLM_BASE_URL",
                upstream.url().toString(),
                "HF_TOKEN",
                "x",
                "RA_LLM_MODEL",
                "stub",
                "RA_RATE_LIMIT",
                "0",
                "RA_ANSWERS_PER_IDENTITY",
                "0"));
        env.putAll(extra);
        long started = System.nanoTime();
        BenchServer server = BenchServer.start(project, data, env);
        OUT.printf("%s, ready in %.1f s%n", server, (System.nanoTime() - started) / 1e9);
        return server;
    }

    private record Library(int documents, int chunks, double seconds) {}

    private static final String[] WORDS = ("tidal energy turbine estuary barrage lagoon current sediment salinity "
                    + "survey model grid storage battery hydrogen wind solar offshore mooring cable corrosion fatigue blade "
                    + "rotor generator efficiency capacity factor habitat fish migration noise policy tariff subsidy cost "
                    + "levelised maintenance vessel weather forecast uncertainty measurement sensor array data analysis")
            .split(" ");

    private static final String[] QUESTIONS = {
        "What limits the capacity factor of tidal stream turbines?",
        "How does blade fatigue change with current speed?",
        "Summarise the habitat effects of tidal barrages.",
        "Which storage options pair well with offshore wind?",
        "How uncertain are levelised cost estimates for tidal lagoons?",
    };

    private Library ingest(ChatClient client, String key, int passages) throws InterruptedException {
        Random random = new Random(7);
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        int chunks = 0;
        while (chunks < passages) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 40_000) {
                int words = 8 + random.nextInt(17);
                for (int w = 0; w < words; w++) {
                    String word = WORDS[random.nextInt(WORDS.length)];
                    text.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word)
                            .append(w == words - 1 ? ". " : " ");
                }
            }
            String id = client.addDocument(key, "generated " + ids.size(), text.toString());
            ids.add(id);
            int docChunks = 0;
            while (true) {
                var doc = client.document(key, id);
                docChunks = doc.path("chunks").asInt();
                String status = doc.path("status").asText();
                if (status.equals("ready")) {
                    break;
                }
                if (status.equals("failed")) {
                    throw new IllegalStateException("ingestion failed: " + doc);
                }
                Thread.sleep(200);
            }
            chunks += docChunks;
        }
        return new Library(ids.size(), chunks, (System.nanoTime() - start) / 1e9);
    }

    interface Task<T> {
        Supplier<T> of(int index);
    }

    static <T> List<T> concurrently(int count, Task<T> task) throws InterruptedException {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Supplier<T> work = task.of(i);
                futures.add(pool.submit(work::get));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return results;
        }
    }

    private static String key(int identity) {
        return "bench-identity-key-" + identity;
    }

    private static String outcomes(List<ChatClient.Result> results) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        for (ChatClient.Result r : results) {
            String kind = r.ending().startsWith("error")
                    ? "error"
                    : r.ending().length() > 40 ? r.ending().substring(0, 40) : r.ending();
            counts.merge(kind, 1, Integer::sum);
        }
        return counts.toString();
    }

    /** The most streams open at one time, from their send and end times. */
    private static int maxOverlap(List<ChatClient.Result> results) {
        List<long[]> edges = new ArrayList<>();
        for (ChatClient.Result r : results) {
            if (r.streamed()) {
                edges.add(new long[] {r.firstTokenNanos(), 1});
                edges.add(new long[] {r.endNanos(), -1});
            }
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int max = 0;
        for (long[] edge : edges) {
            open += (int) edge[1];
            max = Math.max(max, open);
        }
        return max;
    }

    private interface Nanos {
        long of(ChatClient.Result r);
    }

    private static String quantiles(List<ChatClient.Result> results, Nanos nanos) {
        return quantiles(results.stream().map(nanos::of).toList());
    }

    static String quantiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "n=0";
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return String.format(
                "p50 %.1f ms, p99 %.1f ms, max %.1f ms (n=%d)",
                at(sorted, 0.50), at(sorted, 0.99), sorted[sorted.length - 1] / 1e6, sorted.length);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
