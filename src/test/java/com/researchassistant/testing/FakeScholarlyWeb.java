package com.researchassistant.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Every outside source a research job talks to, in-process on one loopback port: OpenAlex, arXiv,
 * PubMed (E-utilities), Crossref, Semantic Scholar, SearXNG, Brave and Tavily, each speaking its
 * documented format about the works and pages of {@link ScholarlyCorpus}, plus the documents their
 * links lead to (landing pages, open-access HTML and PDF, web pages, a hostile page) and pages
 * made to test a fetcher (huge, binary, gzip bomb, slow drip, redirects). Knobs add latency and
 * replay faults (429 with Retry-After, 5xx, malformed or huge answers, hangs, XXE).
 *
 * <pre>{@code
 * try (FakeScholarlyWeb web = FakeScholarlyWeb.start()) {
 *     AppConfig config = new ConfigLoader(web.env()).load();   // every provider points here
 *     web.fail("openalex", FakeFault.rateLimited("1"), 1);       // the next OpenAlex call gets a 429
 *     ...
 *     assertThat(web.requests("arxiv")).hasSize(1);
 * }
 * }</pre>
 *
 * Links the fake hands out all point back at it, except what a provider builds from ids itself
 * (PubMed's landing page is always {@code https://pubmed.ncbi.nlm.nih.gov/<pmid>/}): tests should
 * fetch full-text URLs, which {@link #env()}'s {@code RA_FETCH_ALLOW} lets through.
 */
public final class FakeScholarlyWeb implements AutoCloseable {

    /** The providers served, by the path prefix each is served under. */
    public static final List<String> PROVIDERS =
            List.of("openalex", "arxiv", "pubmed", "crossref", "semanticscholar", "searxng", "brave", "tavily");
    /** The name under which {@link #fail} and {@link #requests} know the documents behind the links. */
    public static final String PAGES = "pages";

    public static final String BRAVE_KEY = "fake-brave-key-0123456789";
    public static final String TAVILY_KEY = "tvly-fake-key-0123456789";
    public static final String SEMANTIC_SCHOLAR_KEY = "fake-s2-key-0123456789";
    public static final String OPENALEX_KEY = "fake-openalex-key-0123456789";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, Deque<FakeFault>> faults = new ConcurrentHashMap<>();
    private final Map<String, FakeFault> standingFaults = new ConcurrentHashMap<>();
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final FakeRoutes routes;

    /**
     * One request as the fake received it.
     *
     * @param provider a {@link #PROVIDERS} id, or {@link #PAGES}
     * @param query the decoded query parameters
     * @param headers by lower-case name, the first value
     */
    public record Request(
            String provider,
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> headers,
            String body) {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private FakeScholarlyWeb(HttpServer server) {
        this.server = server;
        this.routes = new FakeRoutes("http://127.0.0.1:" + server.getAddress().getPort(), closed);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeScholarlyWeb start() {
        try {
            return new FakeScholarlyWeb(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL a provider is configured with ({@code RA_<NAME>_URL}). */
    public URI baseUrl(String provider) {
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("no provider " + provider);
        }
        return URI.create(url() + "/" + provider);
    }

    /** The {@code RA_FETCH_ALLOW} entry that lets a fetcher reach this fake. */
    public String fetchAllow() {
        return "127.0.0.1:" + port();
    }

    /**
     * Environment variables for {@code ConfigLoader} that turn every source on and point each one
     * (and the fetcher's allow list) at this fake; merge them over a test's own.
     */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RA_RESEARCH_SOURCES", "library," + String.join(",", PROVIDERS));
        env.put("RA_OPENALEX_URL", baseUrl("openalex").toString());
        env.put("RA_ARXIV_URL", baseUrl("arxiv").toString());
        env.put("RA_PUBMED_URL", baseUrl("pubmed").toString());
        env.put("RA_CROSSREF_URL", baseUrl("crossref").toString());
        env.put("RA_SEMANTIC_SCHOLAR_URL", baseUrl("semanticscholar").toString());
        env.put("RA_SEARXNG_URL", baseUrl("searxng").toString());
        env.put("RA_BRAVE_URL", baseUrl("brave").toString());
        env.put("RA_TAVILY_URL", baseUrl("tavily").toString());
        env.put("RA_OPENALEX_API_KEY", OPENALEX_KEY);
        env.put("RA_SEMANTIC_SCHOLAR_KEY", SEMANTIC_SCHOLAR_KEY);
        env.put("RA_BRAVE_API_KEY", BRAVE_KEY);
        env.put("RA_TAVILY_API_KEY", TAVILY_KEY);
        env.put("RA_RESEARCH_MAILTO", "research-tests@example.org");
        env.put("RA_FETCH_ALLOW", fetchAllow());
        return env;
    }

    /** Where a work's open-access full text is (a PDF or an HTML page, by its access). */
    public URI fullText(String slug) {
        ScholarlyCorpus.Work work = ScholarlyCorpus.work(slug);
        return URI.create(url() + "/oa/" + slug + (work.access() == ScholarlyCorpus.Access.PDF ? ".pdf" : ".html"));
    }

    /**
     * A web page of {@link ScholarlyCorpus#PAGES} by slug, or a fetcher test page: huge.html, binary,
     * gzip-bomb.html, gzipped.html, drip.html, no-type, wrong-type.json.
     */
    public URI page(String name) {
        return URI.create(url() + "/web/" + (name.contains(".") || !isCorpusPage(name) ? name : name + ".html"));
    }

    /** A URL that redirects {@code hops} times before reaching {@code path} on this fake. */
    public URI redirecting(int hops, String path) {
        return URI.create(url() + "/redirect/" + hops + (path.startsWith("/") ? path : "/" + path));
    }

    /** A URL that redirects to {@code target}, wherever it is. */
    public URI redirectingTo(URI target) {
        return URI.create(url() + "/redirect-to?url="
                + java.net.URLEncoder.encode(target.toString(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Every answer of {@code provider} (or {@link #PAGES}) waits this long first. */
    public FakeScholarlyWeb latency(String provider, Duration delay) {
        latencies.put(provider, delay);
        return this;
    }

    /** Every answer of every provider and page waits this long first. */
    public FakeScholarlyWeb latency(Duration delay) {
        PROVIDERS.forEach(p -> latencies.put(p, delay));
        latencies.put(PAGES, delay);
        return this;
    }

    /** The next {@code times} requests of {@code provider} get {@code fault} instead of an answer. */
    public FakeScholarlyWeb fail(String provider, FakeFault fault, int times) {
        Deque<FakeFault> queue = faults.computeIfAbsent(provider, p -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
        return this;
    }

    /** Every request of {@code provider} gets {@code fault} until {@link #reset()}. */
    public FakeScholarlyWeb failAlways(String provider, FakeFault fault) {
        standingFaults.put(provider, fault);
        return this;
    }

    /** No more faults or latency; the request log is kept. */
    public FakeScholarlyWeb reset() {
        faults.clear();
        standingFaults.clear();
        latencies.clear();
        return this;
    }

    public List<Request> requests(String provider) {
        return requests.stream().filter(r -> r.provider().equals(provider)).toList();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = FakeRoutes.record(exchange, PROVIDERS, PAGES);
            requests.add(request);
            Duration delay = latencies.getOrDefault(request.provider(), Duration.ZERO);
            if (!delay.isZero() && closed.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            Optional<FakeFault> fault = nextFault(request);
            if (fault.isPresent()) {
                routes.play(exchange, request, fault.get());
            } else {
                routes.answer(exchange, request);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (a cap, a timeout): nothing to answer any more
        }
    }

    /** XML faults wait for an XML request (PubMed's efetch, not its JSON esearch). */
    private Optional<FakeFault> nextFault(Request request) {
        boolean xmlRequest =
                request.provider().equals("arxiv") || request.path().endsWith("/efetch.fcgi");
        FakeFault standing = standingFaults.get(request.provider());
        if (standing != null && (xmlRequest || !FakeRoutes.xmlOnly(standing))) {
            return Optional.of(standing);
        }
        Deque<FakeFault> queue = faults.get(request.provider());
        if (queue == null) {
            return Optional.empty();
        }
        synchronized (queue) {
            FakeFault next = queue.peek();
            if (next == null || (FakeRoutes.xmlOnly(next) && !xmlRequest)) {
                return Optional.empty();
            }
            return Optional.of(queue.poll());
        }
    }

    private static boolean isCorpusPage(String name) {
        return ScholarlyCorpus.PAGES.stream().anyMatch(p -> p.slug().equals(name));
    }
}
