package com.researchassistant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.testing.FakeScholarlyWeb;
import com.researchassistant.testing.SseClient;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Research jobs on the whole server (issue 13): the server as its own process ({@code ./ra
 * serve}), every source provider and the guarded fetcher pointed at {@link FakeScholarlyWeb}
 * (300 ms a search, 1 s a document), the model at 20 ms a token ({@link ResearchUpstream}). A
 * main class, not a test.
 *
 * <p>{@code depths [runs]}: wall time of each depth and where it goes, model calls and tokens.
 * {@code load [jobs] [chats]}: chat time to first token without and with research jobs running,
 * and RSS with {@code jobs} research jobs and {@code chats} concurrent chats.
 */
public final class ResearchBench {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong IDS = new AtomicLong(1_000_000);
    private static final Duration PER_TOKEN = Duration.ofMillis(20);
    private static final Duration PREFILL = Duration.ofMillis(100);
    private static final String SOURCES = "library,openalex,crossref,pubmed,searxng";
    private static final String[] QUESTIONS = {
        "How does sleep affect memory consolidation?",
        "Do microplastics from wastewater accumulate in river sediments?",
        "Which measures cool cities best during heat waves?",
        "Is retrieval still needed with long-context language models?"
    };

    private final Path project;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();

    private ResearchBench(Path project) {
        this.project = project;
    }

    public static void main(String[] args) throws Exception {
        ResearchBench bench = new ResearchBench(Path.of(System.getProperty("bench.project", ".")));
        OUT.printf(
                "# research %s, start %s, loadavg %s%n",
                String.join(" ", args), Instant.now(), LoadBench.loadAverage());
        switch (args.length == 0 ? "depths" : args[0]) {
            case "depths" -> bench.depths(args.length > 1 ? Integer.parseInt(args[1]) : 2);
            case "load" ->
                bench.load(
                        args.length > 1 ? Integer.parseInt(args[1]) : 10,
                        args.length > 2 ? Integer.parseInt(args[2]) : 100);
            default -> throw new IllegalArgumentException("unknown subcommand " + args[0]);
        }
        OUT.printf("# end %s, loadavg %s%n", Instant.now(), LoadBench.loadAverage());
        System.exit(0);
    }

    /** What one job did, as the client saw it and as its status says. */
    record Run(
            String depth,
            double wallSeconds,
            double firstTextSeconds,
            String ending,
            Map<String, Long> stepMillis,
            JsonNode status,
            double modelSeconds,
            long modelCalls,
            double serverCpuSeconds) {}

    // ---- wall time per depth, and where it goes

    private void depths(int runs) throws Exception {
        try (FakeScholarlyWeb web = fakes();
                ResearchUpstream model = new ResearchUpstream(PER_TOKEN, PREFILL);
                BenchServer server = start(web, model, Map.of())) {
            describe(server);
            warmUp(server, model);
            for (String depth : List.of("quick", "standard", "deep")) {
                List<Run> all = new ArrayList<>();
                for (int r = 0; r < runs; r++) {
                    String key = "bench-research-" + depth + "-" + r + "-0123456789";
                    long modelBefore = model.modelNanos();
                    long callsBefore = model.researchCalls();
                    double cpuBefore = server.cpuSeconds();
                    Run run = research(server.base(), key, QUESTIONS[r % QUESTIONS.length], depth);
                    run = new Run(
                            run.depth(),
                            run.wallSeconds(),
                            run.firstTextSeconds(),
                            run.ending(),
                            run.stepMillis(),
                            run.status(),
                            (model.modelNanos() - modelBefore) / 1e9,
                            model.researchCalls() - callsBefore,
                            server.cpuSeconds() - cpuBefore);
                    all.add(run);
                    print(run);
                }
            }
            OUT.printf("RSS at the end %.1f MB (%s), HWM %.1f MB%n", server.rssMb(), server.rssParts(), server.hwmMb());
        }
    }

    private static void print(Run run) {
        JsonNode spent = run.status().path("spending");
        double search = run.stepMillis().getOrDefault("search", 0L) / 1000.0;
        double read = run.stepMillis().getOrDefault("read", 0L) / 1000.0;
        double select = run.stepMillis().getOrDefault("select", 0L) / 1000.0;
        double rest = run.wallSeconds() - run.modelSeconds() - search - read - select;
        double outside = run.wallSeconds()
                - run.stepMillis().values().stream().mapToLong(Long::longValue).sum() / 1000.0;
        OUT.printf(
                "%-8s %s: wall %.1f s (first report text at %.1f s); model %.1f s in %d calls, search %.1f s,"
                        + " select %.2f s, read %.1f s, rest %.2f s (outside the steps %.2f s); server CPU %.1f s;"
                        + " steps %s%n",
                run.depth(),
                run.ending(),
                run.wallSeconds(),
                run.firstTextSeconds(),
                run.modelSeconds(),
                run.modelCalls(),
                search,
                select,
                read,
                rest,
                outside,
                run.serverCpuSeconds(),
                run.stepMillis());
        OUT.printf(
                "         spent: %d/%d model calls, %d prompt + %d completion = %d/%d tokens, %d/%d sources read;"
                        + " found %d, unique %d, selected %d; %d cuts; %d sections%n",
                spent.path("modelCalls").asInt(),
                spent.path("modelCallsBudget").asInt(),
                spent.path("promptTokens").asLong(),
                spent.path("completionTokens").asLong(),
                spent.path("tokens").asLong(),
                spent.path("tokensBudget").asLong(),
                spent.path("sourcesRead").asInt(),
                spent.path("sourcesReadBudget").asInt(),
                run.status().path("found").asInt(),
                run.status().path("unique").asInt(),
                run.status().path("sources").size(),
                run.status().path("cuts").size(),
                run.status().path("sections").size());
    }

    // ---- chat TTFT without and with research jobs, RSS with jobs and chats together

    private void load(int jobs, int chats) throws Exception {
        try (FakeScholarlyWeb web = fakes();
                ResearchUpstream model = new ResearchUpstream(PER_TOKEN, PREFILL);
                BenchServer server = start(
                        web,
                        model,
                        Map.of(
                                "RA_RESEARCH_WORKERS",
                                Integer.toString(jobs),
                                "RA_RESEARCH_QUEUE",
                                Integer.toString(jobs),
                                "RA_MAX_WORKERS",
                                Integer.toString(chats),
                                "RA_QUEUE_CAPACITY",
                                Integer.toString(chats)))) {
            describe(server);
            OUT.printf(
                    "env: RA_RESEARCH_WORKERS=%d RA_RESEARCH_QUEUE=%d RA_MAX_WORKERS=%d RA_QUEUE_CAPACITY=%d%n",
                    jobs, jobs, chats, chats);
            ChatClient chat = new ChatClient(server.base());
            warmUp(server, model);
            OUT.printf("idle after warm-up: RSS %.1f MB, HWM %.1f MB%n", server.rssMb(), server.hwmMb());
            ttft(chat, model, "no research running", 10, 60);
            double[] peak = {0};
            Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(server, peak));
            List<Run> runs = new CopyOnWriteArrayList<>();
            List<Thread> followers = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int job = i;
                followers.add(Thread.ofVirtual()
                        .start(() -> runs.add(research(
                                server.base(),
                                "bench-research-load-" + job + "-0123456789",
                                QUESTIONS[job % QUESTIONS.length],
                                "standard"))));
            }
            double cpuBefore = server.cpuSeconds();
            ttft(chat, model, jobs + " standard research jobs running", 2, 60);
            OUT.printf("peak sampled RSS with %d research jobs (before the concurrent chats) %.1f MB%n", jobs, peak[0]);
            List<String> sessions = new ArrayList<>();
            for (int i = 0; i < chats; i++) {
                sessions.add(chat.createSession("bench-chat-" + (i % 20) + "-0123456789", "load " + i));
            }
            List<ChatClient.Result> results = LoadBench.concurrently(
                    chats,
                    i -> () -> chat.chat(
                            "bench-chat-" + (i % 20) + "-0123456789",
                            sessions.get(i),
                            "[bench:" + IDS.incrementAndGet() + "] question " + i + " about sleep and memory"));
            OUT.printf(
                    "%d concurrent chats during research: %s done; client TTFT %s; RSS now %.1f MB%n",
                    chats,
                    results.stream().filter(r -> r.ending().equals("done")).count(),
                    LoadBench.quantiles(results.stream()
                            .filter(ChatClient.Result::streamed)
                            .map(r -> r.firstTokenNanos() - r.sentNanos())
                            .toList()),
                    server.rssMb());
            for (Thread follower : followers) {
                follower.join(Duration.ofMinutes(6));
            }
            sampler.interrupt();
            OUT.printf(
                    "server CPU while the jobs ran (with the chats above): %.1f s%n", server.cpuSeconds() - cpuBefore);
            Map<String, Long> steps = new TreeMap<>();
            runs.forEach(run -> run.stepMillis().forEach((step, ms) -> steps.merge(step, ms / runs.size(), Long::sum)));
            OUT.printf("mean step times of the jobs, ms: %s%n", steps);
            Map<String, Integer> endings = new TreeMap<>();
            runs.forEach(run -> endings.merge(run.ending(), 1, Integer::sum));
            OUT.printf(
                    "%d research jobs: %s; wall %s; peak sampled RSS %.1f MB, HWM %.1f MB; RSS after %.1f MB (%s)%n",
                    jobs,
                    endings,
                    LoadBench.quantiles(runs.stream()
                            .map(r -> (long) (r.wallSeconds() * 1e9))
                            .toList()),
                    peak[0],
                    server.hwmMb(),
                    server.rssMb(),
                    server.rssParts());
            ttft(chat, model, "after the research jobs", 2, 60);
        }
    }

    private static void sample(BenchServer server, double[] peak) {
        while (!Thread.currentThread().isInterrupted()) {
            peak[0] = Math.max(peak[0], server.rssMb());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sequential chats; the time to first token the server adds (client TTFT less the stub's own). */
    private static void ttft(ChatClient chat, ResearchUpstream model, String label, int warmUp, int count) {
        List<Long> added = new ArrayList<>();
        List<Long> client = new ArrayList<>();
        String key = "bench-ttft-0123456789";
        String session = null;
        for (int i = 0; i < warmUp + count; i++) {
            if (i % 5 == 0) {
                session = chat.createSession(key, "ttft " + i);
            }
            long id = IDS.incrementAndGet();
            ChatClient.Result r = chat.chat(key, session, "[bench:" + id + "] " + QUESTIONS[i % QUESTIONS.length]);
            ResearchUpstream.Timing t = model.timing(id);
            if (i >= warmUp && r.streamed() && t != null) {
                client.add(r.firstTokenNanos() - r.sentNanos());
                added.add(r.firstTokenNanos() - r.sentNanos() - t.ttftNanos());
            }
        }
        OUT.printf(
                "chat TTFT, %s, %d sequential messages: server added %s; client %s%n",
                label, added.size(), LoadBench.quantiles(added), LoadBench.quantiles(client));
    }

    // ---- one research job through the API

    private Run research(URI base, String key, String question, String depth) {
        String session = json(send(ChatClient.post(base, "/api/sessions", key, "{}"), 201))
                .path("id")
                .asText();
        long start = System.nanoTime();
        String body = "{\"question\":\"" + question + "\",\"depth\":\"" + depth + "\"}";
        String job = json(send(ChatClient.post(base, "/api/sessions/" + session + "/research", key, body), 202))
                .path("id")
                .asText();
        HttpRequest events = HttpRequest.newBuilder(base.resolve("/api/research/" + job + "/events"))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofMinutes(8))
                .GET()
                .build();
        long firstText = 0;
        String ending = "eof";
        Map<String, Long> steps = new TreeMap<>();
        try (SseClient sse = SseClient.open(http, events)) {
            for (Optional<SseClient.Event> next = sse.next(); next.isPresent(); next = sse.next()) {
                String name = next.get().name();
                if (name.equals("section_delta") && firstText == 0) {
                    firstText = System.nanoTime();
                } else if (name.equals("step")) {
                    JsonNode step = json(next.get().data());
                    steps.merge(
                            step.path("step").asText(),
                            step.path("durationMillis").asLong(),
                            Long::sum);
                } else if (List.of("done", "failed", "cancelled").contains(name)) {
                    ending = name;
                    break;
                }
            }
        }
        long end = System.nanoTime();
        JsonNode status = json(send(
                HttpRequest.newBuilder(base.resolve("/api/research/" + job))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                200));
        return new Run(
                depth,
                (end - start) / 1e9,
                firstText == 0 ? 0 : (firstText - start) / 1e9,
                ending,
                steps,
                status,
                0,
                0,
                0);
    }

    private void warmUp(BenchServer server, ResearchUpstream model) {
        ChatClient chat = new ChatClient(server.base());
        String session = chat.createSession("bench-warm-0123456789", "warm-up");
        for (int i = 0; i < 10; i++) {
            chat.chat("bench-warm-0123456789", session, "[bench:" + IDS.incrementAndGet() + "] warm-up " + i);
        }
        Run run = research(server.base(), "bench-warm-research-0123456789", QUESTIONS[0], "quick");
        OUT.printf("warm-up: 10 chats and one quick research job (%s, %.1f s)%n", run.ending(), run.wallSeconds());
    }

    private static FakeScholarlyWeb fakes() {
        FakeScholarlyWeb web = FakeScholarlyWeb.start().latency(Duration.ofMillis(300));
        web.latency(FakeScholarlyWeb.PAGES, Duration.ofSeconds(1));
        return web;
    }

    private BenchServer start(FakeScholarlyWeb web, ResearchUpstream model, Map<String, String> extra)
            throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("ra-bench-research-");
        Map<String, String> env = new HashMap<>(web.env());
        env.putAll(Map.of(
                "RA_LLM_BASE_URL",
                model.url().toString(),
                "HF_TOKEN",
                "x",
                "RA_LLM_MODEL",
                "stub",
                "RA_RATE_LIMIT",
                "0",
                "RA_ANSWERS_PER_IDENTITY",
                "0",
                "RA_RESEARCH_SOURCES",
                SOURCES));
        env.putAll(extra);
        long started = System.nanoTime();
        BenchServer server = BenchServer.start(project, data, env);
        OUT.printf("%s, ready in %.1f s%n", server, (System.nanoTime() - started) / 1e9);
        return server;
    }

    private static void describe(BenchServer server) {
        OUT.printf("server flags: %s%n", server.commandLine());
        OUT.printf(
                "fakes: FakeScholarlyWeb, 300 ms an answer, 1 s a document; sources %s; model 20 ms a token,"
                        + " 100 ms prefill, sections 80 %% of their token limit, chat answers 60 tokens%n",
                SOURCES);
    }

    private String send(HttpRequest request, int expected) {
        return ChatClient.send(http, request, expected);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
