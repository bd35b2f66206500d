package com.researchassistant.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.testing.FakeScholarlyWeb.Request;
import com.researchassistant.testing.ScholarlyCorpus.WebPage;
import com.researchassistant.testing.ScholarlyCorpus.Work;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What {@link FakeScholarlyWeb} answers to each path, and how it plays a {@link FakeFault}. */
final class FakeRoutes {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String ATOM = "application/atom+xml; charset=utf-8";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final CountDownLatch closed;
    private final FakeJsonAnswers json;
    private final FakeXmlAnswers xml;

    FakeRoutes(String base, CountDownLatch closed) {
        this.base = base;
        this.closed = closed;
        this.json = new FakeJsonAnswers(base);
        this.xml = new FakeXmlAnswers(base);
    }

    static Request record(HttpExchange exchange, List<String> providers, String pages) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String first = path.split("/").length > 1 ? path.split("/")[1] : "";
        Map<String, String> query = new HashMap<>();
        Optional.ofNullable(exchange.getRequestURI().getRawQuery())
                .ifPresent(raw -> Arrays.stream(raw.split("&"))
                        .map(pair -> pair.split("=", 2))
                        .forEach(kv -> query.putIfAbsent(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "")));
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        String body = new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
        return new Request(
                providers.contains(first) ? first : pages, exchange.getRequestMethod(), path, query, headers, body);
    }

    static boolean xmlOnly(FakeFault fault) {
        return fault.kind() == FakeFault.Kind.XXE || fault.kind() == FakeFault.Kind.ENTITY_BOMB;
    }

    void answer(HttpExchange exchange, Request request) throws IOException, InterruptedException {
        Map<String, String> q = request.query();
        String path = request.path();
        switch (request.provider()) {
            case "openalex" ->
                keyed(
                        exchange,
                        q.getOrDefault("api_key", FakeScholarlyWeb.OPENALEX_KEY),
                        FakeScholarlyWeb.OPENALEX_KEY,
                        () -> json.openAlex(works(q.get("search"), "openalex", q.get("per_page"))));
            case "arxiv" ->
                send(
                        exchange,
                        200,
                        ATOM,
                        xml.arxivFeed(
                                works(q.get("search_query"), "arxiv", q.get("max_results")), q.get("search_query")));
            case "pubmed" -> pubmed(exchange, path, q);
            case "crossref" -> crossref(exchange, path, q);
            case "semanticscholar" ->
                keyed(
                        exchange,
                        request.header("x-api-key").orElse(FakeScholarlyWeb.SEMANTIC_SCHOLAR_KEY),
                        FakeScholarlyWeb.SEMANTIC_SCHOLAR_KEY,
                        () -> json.semanticScholar(works(q.get("query"), "semanticscholar", q.get("limit"))));
            case "searxng" -> {
                if (!"json".equals(q.get("format"))) {
                    send(exchange, 403, HTML, "<html><body>403 Forbidden</body></html>");
                } else {
                    send(exchange, 200, JSON, json.searxng(pages(q.get("q"), "20"), q.get("q")));
                }
            }
            case "brave" ->
                keyed(
                        exchange,
                        request.header("x-subscription-token").orElse(""),
                        FakeScholarlyWeb.BRAVE_KEY,
                        () -> json.brave(pages(q.get("q"), q.get("count")), q.get("q")));
            case "tavily" -> tavily(exchange, request);
            default -> new FakeDocuments(base, closed).serve(exchange, request);
        }
    }

    private void pubmed(HttpExchange exchange, String path, Map<String, String> q) throws IOException {
        if (path.endsWith("/esearch.fcgi")) {
            List<String> ids = works(q.get("term"), "pubmed", q.get("retmax")).stream()
                    .map(w -> w.pmid().orElseThrow())
                    .toList();
            send(exchange, 200, JSON, FakeJsonAnswers.esearch(ids, q.getOrDefault("term", "")));
        } else if (path.endsWith("/efetch.fcgi")) {
            List<String> ids = List.of(q.getOrDefault("id", "").split(","));
            List<Work> works = ScholarlyCorpus.WORKS.stream()
                    .filter(w -> w.pmid().isPresent() && ids.contains(w.pmid().get()))
                    .toList();
            send(exchange, 200, XML, FakeXmlAnswers.pubmedArticles(works));
        } else {
            send(exchange, 404, HTML, "<html><body>Not found</body></html>");
        }
    }

    private void crossref(HttpExchange exchange, String path, Map<String, String> q) throws IOException {
        if (path.equals("/crossref/works")) {
            send(
                    exchange,
                    200,
                    JSON,
                    json.crossrefList(works(q.get("query"), "crossref", q.get("rows")), q.getOrDefault("query", "")));
            return;
        }
        String doi = path.substring("/crossref/works/".length()).toLowerCase(Locale.ROOT);
        Optional<Work> work = ScholarlyCorpus.WORKS.stream()
                .filter(w -> w.in("crossref") && w.doi().map(doi::equals).orElse(false))
                .findFirst();
        if (work.isPresent()) {
            send(exchange, 200, JSON, json.crossrefWork(work.get()));
        } else {
            send(exchange, 404, "text/plain;charset=utf-8", "Resource not found.");
        }
    }

    private void tavily(HttpExchange exchange, Request request) throws IOException {
        JsonNode body;
        try {
            body = MAPPER.readTree(request.body());
        } catch (IOException e) {
            send(exchange, 400, JSON, "{\"detail\":{\"error\":\"Invalid JSON body\"}}");
            return;
        }
        String query = body.path("query").asText("");
        keyed(
                exchange,
                request.header("authorization").orElse(""),
                "Bearer " + FakeScholarlyWeb.TAVILY_KEY,
                () -> json.tavily(pages(query, body.path("max_results").asText("5")), query));
    }

    private void keyed(HttpExchange exchange, String given, String expected, java.util.function.Supplier<String> answer)
            throws IOException {
        if (!given.equals(expected)) {
            send(exchange, 401, JSON, "{\"error\":\"Unauthorized: the key is missing or invalid\"}");
        } else {
            send(exchange, 200, JSON, answer.get());
        }
    }

    private static List<Work> works(String query, String index, String limit) {
        List<Work> held =
                ScholarlyCorpus.WORKS.stream().filter(w -> w.in(index)).toList();
        return CorpusSearch.rank(query == null ? "" : query, held, Work::searchable, number(limit, 10));
    }

    private static List<WebPage> pages(String query, String limit) {
        return CorpusSearch.rank(
                query == null ? "" : query, ScholarlyCorpus.PAGES, WebPage::searchable, number(limit, 10));
    }

    void play(HttpExchange exchange, Request request, FakeFault fault) throws IOException, InterruptedException {
        String type = contentType(request);
        fault.retryAfter().ifPresent(value -> exchange.getResponseHeaders().set("Retry-After", value));
        fault.location().ifPresent(value -> exchange.getResponseHeaders().set("Location", value));
        switch (fault.kind()) {
            case RATE_LIMITED -> send(exchange, 429, JSON, "{\"error\":\"Too many requests, slow down\"}");
            case STATUS ->
                send(exchange, fault.status(), HTML, "<html><body><h1>" + fault.status() + "</h1></body></html>");
            case MALFORMED ->
                send(
                        exchange,
                        200,
                        type,
                        type.contains("xml")
                                ? "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>Sleep spin"
                                : "{\"results\": [{\"title\": \"Sleep spin");
            case BINARY -> {
                byte[] noise = new byte[4096];
                new Random(7).nextBytes(noise);
                send(exchange, 200, type, noise);
            }
            case HUGE -> stream(exchange, type, fault.bytes());
            case HANG -> closed.await(10, TimeUnit.MINUTES);
            case XXE ->
                send(
                        exchange,
                        200,
                        type,
                        FakeXmlAnswers.xxe(request.provider().equals("arxiv") ? "feed" : "PubmedArticleSet"));
            case ENTITY_BOMB ->
                send(
                        exchange,
                        200,
                        type,
                        FakeXmlAnswers.entityBomb(request.provider().equals("arxiv") ? "feed" : "PubmedArticleSet"));
            case PROVIDER_ERROR -> providerError(exchange, request);
        }
    }

    private void providerError(HttpExchange exchange, Request request) throws IOException {
        switch (request.provider()) {
            case "arxiv" -> send(exchange, 200, ATOM, xml.arxivError());
            case "pubmed" ->
                send(
                        exchange,
                        200,
                        JSON,
                        "{\"header\":{\"type\":\"esearch\",\"version\":\"0.3\"},\"esearchresult\":{\"ERROR\":\"Invalid query\"}}");
            case "searxng" -> send(exchange, 403, HTML, "<html><body>403 Forbidden</body></html>");
            default -> send(exchange, 200, JSON, "{\"error\":\"the provider failed\"}");
        }
    }

    private static String contentType(Request request) {
        return switch (request.provider()) {
            case "arxiv" -> ATOM;
            case "pubmed" -> request.path().endsWith("/efetch.fcgi") ? XML : JSON;
            case FakeScholarlyWeb.PAGES -> HTML;
            default -> JSON;
        };
    }

    /** A body of {@code bytes} bytes that starts like a JSON or XML answer, sent in 64 KB chunks. */
    private static void stream(HttpExchange exchange, String type, int bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        byte[] start = (type.contains("xml") ? "<feed>" : "{\"results\":[").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, chunk, 0, start.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int sent = 0; sent < bytes; sent += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                Arrays.fill(chunk, 0, start.length, (byte) ' ');
            }
        }
    }

    static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
