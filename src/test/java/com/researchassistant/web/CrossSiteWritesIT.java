package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser's identity cookie on a request another site made it send: every write route refuses
 * it (403 {@code cross_site_request}) whatever the body type, and changes nothing. The app's own
 * requests, Bearer clients, tools without browser headers and configured origins still pass.
 */
@Timeout(180)
class CrossSiteWritesIT {

    private static final String EVIL = "https://evil.example";
    private static final String TEXT = "text/plain;charset=UTF-8";
    private static final String JSON = "application/json";

    @TempDir
    Path dir;

    private TestApp app;
    private String cookie;
    private String session;
    private String document;

    @BeforeEach
    void start() {
        app = TestApp.start(
                dir, Map.of("RA_RATE_LIMIT", "0", "RA_ALLOWED_ORIGINS", "https://app.example, http://LOCALHOST:3000/"));
        HttpResponse<String> page = app.get("/", null);
        cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        session = JsonPaths.text(
                write("POST", "/api/sessions", JSON, "{\"title\":\"Mine\"}", Map.of())
                        .body(),
                "id");
        document = JsonPaths.text(
                write(
                                "POST",
                                "/api/library/documents",
                                JSON,
                                "{\"title\":\"Notes\",\"text\":\"Sleep consolidates memory.\"}",
                                Map.of())
                        .body(),
                "id");
    }

    @AfterEach
    void stop() {
        app.close();
    }

    /** A request with the browser's cookie, the given body and headers. */
    private HttpResponse<String> write(
            String method, String path, String type, String body, Map<String, String> headers) {
        HttpRequest.Builder b = app.request(path, null)
                .header("Cookie", cookie)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (type != null) {
            b.header("Content-Type", type);
        }
        headers.forEach(b::header);
        return app.send(b.build());
    }

    /** Every route that changes data, as method, path and a body that would succeed. */
    private List<String[]> writeRoutes() {
        return List.of(
                new String[] {"POST", "/api/sessions", "{\"title\":\"Forged\"}"},
                new String[] {"PATCH", "/api/sessions/" + session, "{\"title\":\"Forged\"}"},
                new String[] {"POST", "/api/sessions/" + session + "/messages", "{\"content\":\"Forged question\"}"},
                new String[] {"POST", "/api/sessions/" + session + "/cancel", "{}"},
                new String[] {"DELETE", "/api/sessions/" + session, ""},
                new String[] {"POST", "/api/library/documents", "{\"title\":\"Forged\",\"text\":\"Forged text.\"}"},
                new String[] {"POST", "/api/library/samples", "{}"},
                new String[] {"DELETE", "/api/library/documents/" + document, ""},
                new String[] {"POST", "/api/sessions/" + session + "/research", "{\"question\":\"Forged research\"}"},
                new String[] {"POST", "/api/research/" + session + "/cancel", "{}"},
                new String[] {"POST", "/api/research/" + session + "/sources/1/library", "{}"},
                new String[] {"POST", "/api/library/imports", "{}"},
                new String[] {"POST", "/api/library/imports/" + session + "/cancel", "{}"},
                new String[] {"POST", "/api/devices/pairing", "{}"},
                new String[] {"POST", "/api/devices/link", "{\"code\":\"K7QM-2XPA\"}"},
                new String[] {"DELETE", "/api/devices/" + session, ""},
                new String[] {"POST", "/api/sessions/" + session + "/shares", "{\"days\":7}"},
                new String[] {"DELETE", "/api/sessions/" + session + "/shares/" + session, ""},
                new String[] {"POST", "/api/collections", "{\"name\":\"Forged\"}"},
                new String[] {"PATCH", "/api/collections/" + session, "{\"name\":\"Forged\"}"},
                new String[] {"DELETE", "/api/collections/" + session, ""},
                new String[] {"PUT", "/api/collections/" + session + "/documents/" + document, ""},
                new String[] {"DELETE", "/api/collections/" + session + "/documents/" + document, ""},
                new String[] {"PUT", "/api/sessions/" + session + "/scope", "{\"collectionId\":null}"});
    }

    private String state() {
        return app.send(app.request("/api/sessions", null)
                                .header("Cookie", cookie)
                                .GET()
                                .build())
                        .body()
                + app.send(app.request("/api/sessions/" + session, null)
                                .header("Cookie", cookie)
                                .GET()
                                .build())
                        .body()
                + app.send(app.request("/api/library/documents", null)
                                .header("Cookie", cookie)
                                .GET()
                                .build())
                        .body();
    }

    private static void assertRefused(HttpResponse<String> res, String what) {
        assertThat(res.statusCode()).as(what + ": " + res.body()).isEqualTo(403);
        assertThat(JsonPaths.text(res.body(), "/error/code")).isEqualTo("cross_site_request");
        assertThat(res.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void every_write_route_refuses_a_cross_site_request_with_a_text_or_json_body_and_changes_nothing() {
        // given
        String before = state();
        Map<String, String> crossSite =
                Map.of("Origin", EVIL, "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "no-cors");

        for (String[] route : writeRoutes()) {
            for (String type : new String[] {TEXT, JSON, "application/x-www-form-urlencoded", null}) {
                // when
                HttpResponse<String> res = write(route[0], route[1], type, route[2], crossSite);

                // then
                assertRefused(res, route[0] + " " + route[1] + " as " + type);
            }
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void a_browser_without_fetch_metadata_is_judged_by_its_origin() {
        // given
        String before = state();
        for (String[] route : writeRoutes()) {
            for (String origin : List.of(EVIL, "null", "http://127.0.0.1.evil.example", "not an origin")) {
                // when
                HttpResponse<String> res = write(route[0], route[1], TEXT, route[2], Map.of("Origin", origin));

                // then
                assertRefused(res, route[0] + " " + route[1] + " from " + origin);
            }
        }
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void same_site_and_cross_site_fetch_metadata_without_an_allowed_origin_are_refused() {
        assertRefused(
                write(
                        "POST",
                        "/api/sessions",
                        JSON,
                        "{}",
                        Map.of("Sec-Fetch-Site", "same-site", "Origin", "https://other.app.example")),
                "same-site");
        assertRefused(write("POST", "/api/sessions", JSON, "{}", Map.of("Sec-Fetch-Site", "cross-site")), "no origin");
        assertRefused(
                write(
                        "POST",
                        "/api/sessions",
                        JSON,
                        "{}",
                        Map.of(
                                "Sec-Fetch-Site",
                                "cross-site",
                                "Origin",
                                app.uri("").toString())),
                "cross-site metadata wins over a same-looking origin");
    }

    @Test
    void a_first_visit_cross_site_write_gets_no_identity_and_changes_nothing() {
        // when
        HttpResponse<String> res = app.send(app.request("/api/sessions", null)
                .header("Content-Type", TEXT)
                .header("Origin", EVIL)
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());

        // then
        assertRefused(res, "without a cookie");
    }

    @Test
    void the_apps_own_requests_pass_by_fetch_metadata_or_by_origin() {
        // given
        String own = "http://127.0.0.1:" + app.uri("/").getPort();
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("fetch metadata", Map.of("Sec-Fetch-Site", "same-origin", "Origin", own));
        variants.put("fetch metadata without origin", Map.of("Sec-Fetch-Site", "same-origin"));
        variants.put("typed or bookmarked", Map.of("Sec-Fetch-Site", "none"));
        variants.put("origin only", Map.of("Origin", own));
        variants.put("origin in capitals", Map.of("Origin", own.toUpperCase(java.util.Locale.ROOT)));
        variants.put("neither header: a tool holding the cookie", Map.of());

        variants.forEach((name, headers) -> {
            // when
            HttpResponse<String> created =
                    write("POST", "/api/sessions", JSON, "{\"title\":\"" + name + "\"}", headers);
            String id = JsonPaths.text(created.body(), "id");
            HttpResponse<String> renamed =
                    write("PATCH", "/api/sessions/" + id, JSON, "{\"title\":\"Renamed\"}", headers);
            HttpResponse<String> deleted = write("DELETE", "/api/sessions/" + id, null, "", headers);

            // then
            assertThat(created.statusCode()).as(name + ": " + created.body()).isEqualTo(201);
            assertThat(renamed.statusCode()).as(name).isEqualTo(200);
            assertThat(deleted.statusCode()).as(name).isEqualTo(204);
        });
    }

    @Test
    void behind_a_proxy_the_forwarded_origin_counts_and_a_foreign_one_still_does_not() {
        // given
        Map<String, String> proxied =
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "public.example, inner:8080");

        // when
        HttpResponse<String> own =
                write("POST", "/api/sessions", JSON, "{}", with(proxied, "Origin", "https://public.example"));
        HttpResponse<String> foreign = write("POST", "/api/sessions", JSON, "{}", with(proxied, "Origin", EVIL));
        HttpResponse<String> wrongScheme =
                write("POST", "/api/sessions", JSON, "{}", with(proxied, "Origin", "http://public.example"));

        // then
        assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
        assertRefused(foreign, "foreign origin behind the proxy");
        assertRefused(wrongScheme, "plain-http origin for an https site");
    }

    @Test
    void configured_origins_may_write_even_cross_site() {
        for (String origin : List.of("https://app.example", "http://localhost:3000")) {
            // when
            HttpResponse<String> res = write(
                    "POST", "/api/sessions", JSON, "{}", Map.of("Origin", origin, "Sec-Fetch-Site", "cross-site"));

            // then
            assertThat(res.statusCode()).as(origin + ": " + res.body()).isEqualTo(201);
        }
    }

    @Test
    void bearer_clients_and_reads_are_not_affected() {
        // when
        HttpResponse<String> bearer = app.send(app.request("/api/sessions", ALICE)
                .header("Content-Type", JSON)
                .header("Origin", EVIL)
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        HttpResponse<String> read = app.send(app.request("/api/sessions/" + session, null)
                .header("Cookie", cookie)
                .header("Origin", EVIL)
                .header("Sec-Fetch-Site", "cross-site")
                .GET()
                .build());

        // then
        assertThat(bearer.statusCode()).isEqualTo(201);
        assertThat(read.statusCode()).isEqualTo(200);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }
}
