package com.researchassistant.browser;

import com.researchassistant.browser.Browser.Viewport;
import com.researchassistant.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The web app's performance budget, measured in Debian's headless Chromium at phone size
 * (390x844) with the CPU slowed 4x over CDP: bytes on the wire for a first visit, JavaScript
 * size, first contentful paint and time to interactive (the app's own {@code ra-interactive}
 * mark: conversation list loaded and every control wired) on loopback, then a repeat visit served
 * by the service worker. Each cold run uses a fresh browser profile. Prints Markdown for
 * docs/benchmarks.md. (CDP network throttling had no effect on this Chromium, so slow-network
 * times are not measured here; the bytes above are what a slow link would have to carry.)
 *
 * <pre>
 * mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
 *   -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   com.researchassistant.browser.PageWeightBenchmark 5
 * </pre>
 */
public final class PageWeightBenchmark {

    private static final String MEASURE = """
            const nav = performance.getEntriesByType('navigation')[0];
            const resources = performance.getEntriesByType('resource');
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            const ready = performance.getEntriesByName('ra-interactive')[0];
            const sum = (list, key) => list.reduce((s, e) => s + (e[key] || 0), 0);
            const js = resources.filter((e) => e.name.endsWith('.js'));
            return {
              transfer: nav.transferSize + sum(resources, 'transferSize'),
              encoded: nav.encodedBodySize + sum(resources, 'encodedBodySize'),
              decoded: nav.decodedBodySize + sum(resources, 'decodedBodySize'),
              jsEncoded: sum(js, 'encodedBodySize'),
              jsDecoded: sum(js, 'decodedBodySize'),
              requests: 1 + resources.length,
              files: [new URL(nav.name).pathname].concat(resources.map((e) => new URL(e.name).pathname)).join(' '),
              fcp: paint ? paint.startTime : -1,
              tti: ready ? ready.startTime : -1,
              dcl: nav.domContentLoadedEventEnd,
              ttfb: nav.responseStart,
            };
            """;

    private PageWeightBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path data = Files.createTempDirectory("ra-page-bench-");
        try (TestApp app = TestApp.start(data, Map.of())) {
            String url = app.uri("/").toString();
            System.out.println(
                    "| network | visit | transfer (KB) | body gzip / raw (KB) | JS gzip / raw (KB) | requests | first byte (ms) | FCP (ms) | TTI (ms) |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            List<Map<String, Object>> cold = new ArrayList<>();
            List<Map<String, Object>> warm = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                try (Browser browser = Browser.open(Viewport.PHONE)) {
                    browser.driver().executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", 4));
                    browser.get(url);
                    cold.add(measure(browser));
                    browser.waitUntil(
                            java.time.Duration.ofSeconds(20),
                            () -> (Boolean) browser.js("return !!navigator.serviceWorker.controller"),
                            "the worker");
                    browser.reload();
                    warm.add(measure(browser));
                }
            }
            String network = "loopback";
            row(network, "first", cold);
            row(network, "repeat (service worker)", warm);
            System.out.println("<!-- files of a first visit: " + cold.getFirst().get("files") + " -->");
            for (String lazy :
                    List.of("/views/panels.js", "/timeline.js", "/sourcegroups.js", "/views/library.js", "/sw.js")) {
                var res = app.http()
                        .send(
                                app.request(lazy, null)
                                        .header("Accept-Encoding", "gzip")
                                        .GET()
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                var raw = app.http()
                        .send(
                                app.request(lazy, null).GET().build(),
                                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                System.out.printf(
                        "%n%s: %.1f KB gzip / %.1f KB raw, loaded only when needed",
                        lazy, res.body().length / 1024.0, raw.body().length / 1024.0);
            }
            System.out.println();
        } finally {
            try (var walk = Files.walk(data)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> measure(Browser browser) {
        return (Map<String, Object>) browser.js(MEASURE);
    }

    private static void row(String network, String visit, List<Map<String, Object>> runs) {
        System.out.printf(
                "| %s | %s | %.1f | %.1f / %.1f | %.1f / %.1f | %d | %.0f | %.0f | %.0f |%n",
                network,
                visit,
                median(runs, "transfer") / 1024,
                median(runs, "encoded") / 1024,
                median(runs, "decoded") / 1024,
                median(runs, "jsEncoded") / 1024,
                median(runs, "jsDecoded") / 1024,
                (long) median(runs, "requests"),
                median(runs, "ttfb"),
                median(runs, "fcp"),
                median(runs, "tti"));
    }

    private static double median(List<Map<String, Object>> runs, String key) {
        double[] values = runs.stream()
                .mapToDouble(r -> ((Number) r.get(key)).doubleValue())
                .sorted()
                .toArray();
        return values[values.length / 2];
    }
}
