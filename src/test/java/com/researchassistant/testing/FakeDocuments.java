package com.researchassistant.testing;

import com.researchassistant.testing.FakeScholarlyWeb.Request;
import com.researchassistant.testing.ScholarlyCorpus.Access;
import com.researchassistant.testing.ScholarlyCorpus.WebPage;
import com.researchassistant.testing.ScholarlyCorpus.Work;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The documents behind {@link FakeScholarlyWeb}'s links, and pages made to test a fetcher:
 * {@code /landing/<slug>}, {@code /oa/<slug>.pdf|.html}, {@code /web/<page>.html},
 * {@code /web/huge.html} (32 MB), {@code /web/binary}, {@code /web/gzip-bomb.html},
 * {@code /web/drip.html} (a byte every 100 ms), {@code /web/gzipped.html} (a web page, gzipped),
 * {@code /web/no-type}, {@code /web/wrong-type.json},
 * {@code /redirect/<n>/<path>}, {@code /redirect-loop} and {@code /redirect-to?url=}.
 */
final class FakeDocuments {

    private static final String HTML = "text/html; charset=utf-8";
    private static final int HUGE_BYTES = 32 * 1024 * 1024;

    private final String base;
    private final CountDownLatch closed;

    FakeDocuments(String base, CountDownLatch closed) {
        this.base = base;
        this.closed = closed;
    }

    void serve(HttpExchange exchange, Request request) throws IOException, InterruptedException {
        String path = request.path();
        if (path.startsWith("/redirect/")) {
            redirect(exchange, path);
        } else if (path.equals("/redirect-loop")) {
            moved(exchange, base + "/redirect-loop");
        } else if (path.equals("/redirect-to")) {
            moved(exchange, request.query().getOrDefault("url", base + "/"));
        } else if (path.startsWith("/landing/")) {
            work(
                    path.substring("/landing/".length()),
                    exchange,
                    w -> FakeRoutes.send(exchange, 200, HTML, FakePages.landing(w)));
        } else if (path.startsWith("/oa/") && path.endsWith(".pdf")) {
            work(
                    slug(path, ".pdf"),
                    exchange,
                    w -> openOrMissing(
                            exchange,
                            w,
                            Access.PDF,
                            () -> FakeRoutes.send(exchange, 200, "application/pdf", FakePages.pdf(w))));
        } else if (path.startsWith("/oa/") && path.endsWith(".html")) {
            work(
                    slug(path, ".html"),
                    exchange,
                    w -> openOrMissing(
                            exchange,
                            w,
                            Access.HTML,
                            () -> FakeRoutes.send(exchange, 200, HTML, FakePages.fullTextHtml(w))));
        } else if (path.startsWith("/web/")) {
            web(exchange, path.substring("/web/".length()));
        } else {
            notFound(exchange);
        }
    }

    private void web(HttpExchange exchange, String name) throws IOException, InterruptedException {
        switch (name) {
            case "huge.html" -> huge(exchange);
            case "binary" -> {
                byte[] noise = new byte[256 * 1024];
                new Random(11).nextBytes(noise);
                FakeRoutes.send(exchange, 200, "application/octet-stream", noise);
            }
            case "gzip-bomb.html" -> {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                FakeRoutes.send(exchange, 200, HTML, FakePages.gzipBomb());
            }
            case "drip.html" -> drip(exchange);
            case "gzipped.html" -> {
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                FakeRoutes.send(
                        exchange,
                        200,
                        HTML,
                        FakePages.gzip(FakePages.webPage(ScholarlyCorpus.page("cool-cities-guide"))));
            }
            case "no-type" -> FakeRoutes.send(exchange, 200, null, "<html><body>No content type</body></html>");
            case "wrong-type.json" -> FakeRoutes.send(exchange, 200, "application/json", "{\"not\":\"a document\"}");
            default -> {
                Optional<WebPage> page = ScholarlyCorpus.PAGES.stream()
                        .filter(p -> name.equals(p.slug() + ".html"))
                        .findFirst();
                if (page.isPresent()) {
                    FakeRoutes.send(exchange, 200, HTML, FakePages.webPage(page.get()));
                } else {
                    notFound(exchange);
                }
            }
        }
    }

    private interface Answer {
        void send() throws IOException;
    }

    private interface WorkAnswer {
        void send(Work work) throws IOException;
    }

    private static void work(String slug, HttpExchange exchange, WorkAnswer answer) throws IOException {
        Optional<Work> work = ScholarlyCorpus.WORKS.stream()
                .filter(w -> w.slug().equals(slug))
                .findFirst();
        if (work.isPresent()) {
            answer.send(work.get());
        } else {
            notFound(exchange);
        }
    }

    private static void openOrMissing(HttpExchange exchange, Work w, Access access, Answer answer) throws IOException {
        if (w.access() == access) {
            answer.send();
        } else {
            notFound(exchange);
        }
    }

    private void redirect(HttpExchange exchange, String path) throws IOException {
        String[] parts = path.split("/", 4); // "", "redirect", n, rest
        int hops = FakeRoutes.number(parts[2], 0);
        String rest = parts.length > 3 ? parts[3] : "";
        moved(exchange, hops <= 1 ? base + "/" + rest : base + "/redirect/" + (hops - 1) + "/" + rest);
    }

    private static void moved(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        FakeRoutes.send(exchange, 302, HTML, "<html><body>Moved</body></html>");
    }

    private static void huge(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", HTML);
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = exchange.getResponseBody()) {
            out.write("<!DOCTYPE html><html><body><p>".getBytes(StandardCharsets.US_ASCII));
            for (int sent = 0; sent < HUGE_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
        }
    }

    /** Headers at once, then one byte every 100 ms for up to a minute: a reader that waits for it all never ends. */
    private void drip(HttpExchange exchange) throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", HTML);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 600 && !closed.await(100, TimeUnit.MILLISECONDS); i++) {
                out.write('a');
                out.flush();
            }
        }
    }

    private static String slug(String path, String suffix) {
        return path.substring("/oa/".length(), path.length() - suffix.length());
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        FakeRoutes.send(exchange, 404, HTML, "<html><body>Not found</body></html>");
    }
}
