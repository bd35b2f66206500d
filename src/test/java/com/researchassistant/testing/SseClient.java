package com.researchassistant.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a server-sent event stream in tests, event by event, and can hang up mid-stream. */
public final class SseClient implements AutoCloseable {

    /** One event; comments have the name {@code :} and their text as data. */
    public record Event(String name, String data) {}

    private final HttpResponse<InputStream> response;
    private final BufferedReader reader;
    private final List<Event> seen = new ArrayList<>();

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    public static SseClient open(HttpClient http, HttpRequest request) {
        try {
            return new SseClient(http.send(request, HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The next event or comment, or empty at the end of the stream. */
    public Optional<Event> next() {
        try {
            String name = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || !name.equals("message")) {
                        Event event = new Event(name, data.toString());
                        seen.add(event);
                        return Optional.of(event);
                    }
                } else if (line.startsWith(":")) {
                    Event comment = new Event(":", line.substring(1).strip());
                    seen.add(comment);
                    return Optional.of(comment);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).stripLeading());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until an event of this name (comments skipped); fails at the end of the stream. */
    public Event nextNamed(String name) {
        while (true) {
            Event e = next().orElseThrow(() -> new AssertionError("stream ended before a '" + name + "' event"));
            if (e.name().equals(name)) {
                return e;
            }
        }
    }

    /** Reads to the end and returns every event and comment seen since opening. */
    public List<Event> readAll() {
        while (next().isPresent()) {
            // keep reading
        }
        return List.copyOf(seen);
    }

    /** Hangs up: the server sees the connection close. */
    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
