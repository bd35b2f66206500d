package com.researchassistant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.testing.SseClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/** The API as a load generator uses it: sessions, streamed messages with client-side timings, documents, metrics. */
final class ChatClient {

    /** What one streamed message did, times in this JVM's {@code System.nanoTime}. */
    record Result(
            int status,
            long sentNanos,
            long headersNanos,
            long firstTokenNanos,
            long endNanos,
            int tokens,
            String ending) {
        boolean streamed() {
            return status == 200 && firstTokenNanos > 0;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final URI base;

    ChatClient(URI base) {
        this.base = base;
    }

    /** A new session of the identity {@code key}; returns its id. */
    String createSession(String key, String title) {
        JsonNode created = json(send(post("/api/sessions", key, Map.of("title", title)), 201));
        return created.path("id").asText();
    }

    /** Sends one message with {@code Accept: text/event-stream} and reads the stream to its end. */
    Result chat(String key, String sessionId, String content) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/sessions/" + sessionId + "/messages"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("content", content, "client", "desktop"))))
                .build();
        long sent = System.nanoTime();
        try (SseClient sse = SseClient.open(http, request)) {
            long headers = System.nanoTime();
            int status = sse.response().statusCode();
            if (status != 200) {
                sse.response().body().readAllBytes();
                return new Result(status, sent, headers, 0, System.nanoTime(), 0, "http " + status);
            }
            long first = 0;
            int tokens = 0;
            String ending = "eof";
            for (Optional<SseClient.Event> next = sse.next(); next.isPresent(); next = sse.next()) {
                String name = next.get().name();
                if (name.equals("token")) {
                    if (tokens++ == 0) {
                        first = System.nanoTime();
                    }
                } else if (name.equals("done") || name.equals("error")) {
                    ending =
                            name.equals("done") ? "done" : "error " + next.get().data();
                    break;
                }
            }
            return new Result(status, sent, headers, first, System.nanoTime(), tokens, ending);
        } catch (IOException e) {
            return new Result(-1, sent, 0, 0, System.nanoTime(), 0, e.toString());
        } catch (UncheckedIOException | IllegalStateException e) {
            return new Result(-1, sent, 0, 0, System.nanoTime(), 0, e.toString());
        }
    }

    /** Uploads a text document; returns its id. */
    String addDocument(String key, String title, String text) {
        return json(send(post("/api/library/documents", key, Map.of("title", title, "text", text)), 201))
                .path("id")
                .asText();
    }

    /** Loads the sample library into the identity's library (ready when this returns). */
    void loadSamples(String key) throws InterruptedException {
        JsonNode loaded = json(send(post("/api/library/samples", key, Map.of()), 201));
        for (JsonNode doc : loaded.path("documents")) {
            while (!document(key, doc.path("id").asText())
                    .path("status")
                    .asText()
                    .equals("ready")) {
                Thread.sleep(50);
            }
        }
    }

    /** Uploads a file as multipart/form-data (field {@code file}); returns the document's id. */
    String uploadFile(String key, String fileName, String mediaType, byte[] content) {
        String boundary = "bench-boundary-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: " + mediaType + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/library/documents"))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArrays(java.util.List.of(head, content, tail)))
                .build();
        return json(send(request, 201)).path("id").asText();
    }

    /** Runs a library search; returns how long it took, in nanoseconds. */
    long search(String key, String query) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/library/search?k=5&q="
                        + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(60))
                .build();
        long start = System.nanoTime();
        send(request, 200);
        return System.nanoTime() - start;
    }

    /** The document's state as the API reports it. */
    JsonNode document(String key, String id) {
        return json(send(
                HttpRequest.newBuilder(base.resolve("/api/library/documents/" + id))
                        .header("Authorization", "Bearer " + key)
                        .build(),
                200));
    }

    /** The value of an unlabelled Prometheus sample, or 0 when absent. */
    double metric(String name) {
        String body = send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), 200);
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private HttpRequest post(String path, String key, Map<String, String> body) {
        return post(base, path, key, write(body));
    }

    /** A JSON POST to {@code path} of the server at {@code base}, as {@code key}'s client. */
    static HttpRequest post(URI base, String path, String key, String body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private String send(HttpRequest request, int expected) {
        return send(http, request, expected);
    }

    /** The body of the response to {@code request}, which must have status {@code expected}. */
    static String send(HttpClient http, HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(
                        request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Map<String, String> body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
