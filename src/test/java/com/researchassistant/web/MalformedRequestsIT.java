package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and malformed requests other than JSON bodies (see {@link MalformedJsonIT}): odd path
 * segments, broken query strings, bodies cut short or badly chunked, methods no route takes,
 * broken multipart, wrong content types and field types. Each answers a 4xx in the error shape,
 * and the server records no 5xx for any of them.
 */
@Timeout(300)
class MalformedRequestsIT {

    @TempDir
    static Path dir;

    private static TestApp app;
    private static RawHttp raw;
    private static String session;

    @BeforeAll
    static void start() {
        app = TestApp.start(dir, Map.of("RA_RATE_LIMIT", "0"));
        raw = new RawHttp(app.uri("/").getPort());
        session = app.newSession(ALICE);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void no_request_was_answered_with_a_server_error() {
        assertThat(app.get("/metrics", null).body().lines().filter(l -> l.startsWith("ra_http_requests_seconds_count")))
                .noneMatch(l -> l.contains("status=\"5"));
    }

    private static RawHttp.Response send(String method, String target, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + ALICE);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return raw.send(method, target, headers, body);
    }

    private static RawHttp.Response send(String method, String target, String json) {
        return send(method, target, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(RawHttp.Response res, int status, String code) {
        assertThat(res.status()).as(res.body()).isEqualTo(status);
        assertThat(res.header("Content-Type")).startsWith("application/json");
        assertThat(JsonPaths.text(res.body(), "/error/code")).as(res.body()).isEqualTo(code);
        assertThat(JsonPaths.text(res.body(), "/error/message")).isNotBlank();
    }

    /** Every route with an id in its path, as method and a path with {@code %s} for the id. */
    private static final List<String[]> ID_ROUTES = List.of(
            new String[] {"GET", "/api/sessions/%s"}, new String[] {"PATCH", "/api/sessions/%s"},
            new String[] {"DELETE", "/api/sessions/%s"}, new String[] {"POST", "/api/sessions/%s/messages"},
            new String[] {"GET", "/api/sessions/%s/export"}, new String[] {"POST", "/api/sessions/%s/cancel"},
            new String[] {"GET", "/api/library/documents/%s"}, new String[] {"DELETE", "/api/library/documents/%s"});

    @Test
    void path_segments_that_cannot_be_ids_answer_404_on_every_route_that_takes_an_id() {
        for (String segment : List.of(
                "%20",
                "%09",
                "%00",
                "%ff%fe",
                "%c0%af",
                "x;y",
                "%E2%80%AE",
                "%22%3E%3C",
                "a".repeat(65),
                "unknown-but-well-formed")) {
            for (String[] route : ID_ROUTES) {
                // when
                RawHttp.Response res =
                        send(route[0], route[1].formatted(segment), "{\"title\":\"t\",\"content\":\"hi\"}");

                // then
                assertThat(res.status())
                        .as(route[0] + " " + route[1].formatted(segment) + ": " + res.body())
                        .isEqualTo(404);
                assertThat(JsonPaths.text(res.body(), "/error/code")).isEqualTo("not_found");
            }
        }
    }

    @Test
    void paths_that_are_not_well_formed_answer_400_in_the_error_shape() {
        for (String path : List.of(
                "/api/sessions/%zz",
                "/api/sessions/%",
                "/api/sessions/%u0041",
                "/api/library/search?q=%zz",
                "/api/library/search?q=a%2",
                "/api/sessions?x=%zz")) {
            assertError(send("GET", path, null, new byte[0]), 400, "bad_request");
        }
        assertError(send("GET", "/api/sessions/" + "a".repeat(20_000), null, new byte[0]), 414, "uri_too_long");
    }

    @Test
    void query_parameters_out_of_range_or_of_the_wrong_form_answer_400() {
        for (String query : List.of(
                "q=a&k=0",
                "q=a&k=-1",
                "q=a&k=51",
                "q=a&k=1e3",
                "q=a&k=%00",
                "q=a&k=",
                "q=a&k=99999999999999999999",
                "q=a&k=%EF%BC%91")) {
            assertError(send("GET", "/api/library/search?" + query, null, new byte[0]), 400, "invalid_field");
        }
        for (String query : List.of("", "q", "q=", "q=%20%09", "=&=&")) {
            assertError(send("GET", "/api/library/search?" + query, null, new byte[0]), 400, "missing_field");
        }
        for (String query : List.of("q=%ff%fe", "q=%00", "q=%E2%80%AE", "q=a&q=b&k=1&k=2", "q=" + "x".repeat(3_000))) {
            assertThat(send("GET", "/api/library/search?" + query, null, new byte[0])
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void a_body_shorter_than_its_content_length_answers_400() {
        for (String target : List.of(
                "/api/sessions",
                "/api/sessions/" + session + "/messages",
                "/api/library/documents",
                "/v1/chat/completions")) {
            // when: the client stops sending half-way
            RawHttp.Response res = raw.sendAndHalfClose(
                    "POST",
                    target,
                    Map.of(
                            "Authorization",
                            "Bearer " + ALICE,
                            "Content-Type",
                            "application/json",
                            "Content-Length",
                            "100"),
                    "{\"title\":".getBytes(StandardCharsets.UTF_8));

            // then
            assertThat(res.status()).as(target + ": " + res.body()).isEqualTo(400);
        }
    }

    @Test
    void a_chunked_body_with_broken_framing_answers_400() {
        for (String chunked : List.of(
                "zz\r\n{}\r\n0\r\n\r\n",
                "-1\r\n{}\r\n0\r\n\r\n",
                "2\r\n{}\r\nxyz\r\n",
                "2\r\n{}\r\nffffffffffffffffff\r\n")) {
            // when: sent whole, then the client waits (a bad size after a good chunk is only found at the end)
            RawHttp.Response res = raw.sendAndHalfClose(
                    "POST",
                    "/api/sessions",
                    Map.of(
                            "Authorization",
                            "Bearer " + ALICE,
                            "Content-Type",
                            "application/json",
                            "Transfer-Encoding",
                            "chunked"),
                    chunked.getBytes(StandardCharsets.ISO_8859_1));

            // then
            assertError(res, 400, "malformed_body");
        }
    }

    @Test
    void a_chunked_body_cut_short_answers_400() {
        // when
        RawHttp.Response res = raw.sendAndHalfClose(
                "POST",
                "/api/sessions",
                Map.of(
                        "Authorization",
                        "Bearer " + ALICE,
                        "Content-Type",
                        "application/json",
                        "Transfer-Encoding",
                        "chunked"),
                "10\r\n{\"ti".getBytes(StandardCharsets.ISO_8859_1));

        // then
        assertError(res, 400, "malformed_body");
    }

    @Test
    void methods_and_paths_no_route_takes_answer_404_in_the_error_shape() {
        for (String method : List.of("PUT", "OPTIONS", "TRACE", "FOO")) {
            assertError(send(method, "/api/sessions", null, new byte[0]), 404, "not_found");
            assertError(send(method, "/", null, new byte[0]), 404, "not_found");
            RawHttp.Response openAi = send(method, "/v1/chat/completions", null, new byte[0]);
            assertThat(openAi.status()).isEqualTo(404);
            assertThat(JsonPaths.text(openAi.body(), "/error/code")).isEqualTo("unknown_url");
        }
        assertError(send("GET", "/no/such/page", null, new byte[0]), 404, "not_found");
    }

    @Test
    void headers_that_are_not_well_formed_answer_400_in_the_error_shape() {
        for (Map<String, String> headers : List.of(
                Map.of("Content-Length", "abc"), Map.of("Content-Length", "-5"),
                Map.of("Content-Length", "99999999999999999999"), Map.of("X-Long", "h".repeat(70_000)))) {
            // when
            RawHttp.Response res = raw.send("POST", "/api/sessions", headers, new byte[0]);

            // then
            assertThat(res.status()).as(headers.keySet() + ": " + res.body()).isBetween(400, 431);
            assertThat(JsonPaths.text(res.body(), "/error/code")).isNotBlank();
        }
    }

    @Test
    void broken_multipart_uploads_answer_400() {
        String file =
                "--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello world\r\n";
        Map<String, String> refusedAs = new LinkedHashMap<>();
        refusedAs.put("garbage", "invalid_multipart");
        refusedAs.put("", "invalid_multipart");
        refusedAs.put("--XX--\r\n", "missing_field");
        refusedAs.put("--XX\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--XX--\r\n", "missing_field");
        refusedAs.put(file + "--XX", "invalid_multipart");
        refusedAs.put(file.replace("\r\n\r\nhello world\r\n", "\r\n\r\nhello world"), "invalid_multipart");
        refusedAs.put(
                "--XX\r\n" + "X-Filler: " + "f".repeat(20_000) + "\r\n\r\nbody\r\n--XX--\r\n", "invalid_multipart");
        refusedAs.put(
                ("--XX\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nv\r\n").repeat(200) + "--XX--\r\n",
                "invalid_multipart");
        refusedAs.put(
                "--XX\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n" + "t".repeat(5_000) + "\r\n" + file
                        + "--XX--\r\n",
                "invalid_field");
        refusedAs.forEach((body, code) -> assertError(
                send(
                        "POST",
                        "/api/library/documents",
                        "multipart/form-data; boundary=XX",
                        body.getBytes(StandardCharsets.UTF_8)),
                400,
                code));
        for (String type :
                List.of("multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"")) {
            assertError(
                    send(
                            "POST",
                            "/api/library/documents",
                            type,
                            (file + "--XX--\r\n").getBytes(StandardCharsets.UTF_8)),
                    400,
                    "invalid_multipart");
        }
    }

    @Test
    void bodies_of_another_type_answer_415() {
        for (String target :
                List.of("/api/sessions", "/api/sessions/" + session + "/messages", "/api/library/documents")) {
            for (String type : List.of(
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "application/json; charset=latin1",
                    ";;;",
                    "application/jsonp")) {
                assertError(
                        send("POST", target, type, "{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8)),
                        415,
                        "unsupported_media_type");
            }
        }
        assertError(
                send(
                        "PATCH",
                        "/api/sessions/" + session,
                        "text/plain",
                        "{\"title\":\"t\"}".getBytes(StandardCharsets.UTF_8)),
                415,
                "unsupported_media_type");
    }

    @Test
    void fields_of_the_wrong_type_answer_400_invalid_field() {
        String messages = "/api/sessions/" + session + "/messages";
        List<String[]> bodies = List.of(
                new String[] {"/api/sessions", "{\"title\":5}"},
                new String[] {"/api/sessions", "{\"title\":[\"a\"]}"},
                new String[] {messages, "{\"content\":{\"text\":\"hi\"}}"},
                new String[] {messages, "{\"content\":\"hi\",\"client\":7}"},
                new String[] {messages, "{\"content\":\"hi\",\"client\":\"tablet\"}"},
                new String[] {messages, "{\"content\":\"hi\",\"onDisconnect\":false}"},
                new String[] {"/api/library/documents", "{\"title\":\"t\",\"text\":5}"},
                new String[] {"/api/library/documents", "{\"title\":true,\"text\":\"words\"}"});
        for (String[] target : bodies) {
            assertError(send("POST", target[0], target[1]), 400, "invalid_field");
        }
        assertError(send("PATCH", "/api/sessions/" + session, "{\"title\":null}"), 400, "missing_field");
        assertError(send("PATCH", "/api/sessions/" + session, "{\"title\":{}}"), 400, "invalid_field");
    }

    @Test
    void empty_bodies_answer_by_what_each_route_requires() {
        assertThat(send("POST", "/api/sessions", "application/json", new byte[0])
                        .status())
                .isEqualTo(201);
        assertError(
                send("POST", "/api/sessions/" + session + "/messages", "application/json", new byte[0]),
                400,
                "missing_field");
        assertError(send("PATCH", "/api/sessions/" + session, "application/json", new byte[0]), 400, "missing_field");
        assertError(send("POST", "/api/library/documents", "application/json", new byte[0]), 400, "missing_field");
        assertThat(send("POST", "/v1/chat/completions", "application/json", new byte[0])
                        .status())
                .isEqualTo(400);
    }
}
