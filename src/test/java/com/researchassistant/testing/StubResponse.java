package com.researchassistant.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A scripted answer of {@link StubLlmServer}: status, headers, and a body written as the given
 * chunks (each flushed on its own, with {@code pause} before every chunk after the first), then an
 * ending. Build one with the static factories and the {@code with...}/{@code then...} methods.
 *
 * @param headers response headers; framing headers (length, transfer encoding, connection) are the
 *     server's business and ignored
 */
public record StubResponse(
        int status, Map<String, String> headers, List<byte[]> chunks, Duration pause, Ending ending) {

    /** What happens at the end of (or instead of) the response. */
    public enum Ending {
        /** The body ends properly and the connection closes. */
        COMPLETE,
        /** The request is read, then nothing is ever sent: the upstream hangs before headers. */
        HANG_BEFORE_HEADERS,
        /** The chunks are sent, then the connection stays open and silent. */
        HANG_AFTER_BODY,
        /** The chunks are sent, then the connection is reset (TCP RST). */
        RESET_AFTER_BODY
    }

    public StubResponse {
        headers = Map.copyOf(headers);
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(pause, "pause");
        Objects.requireNonNull(ending, "ending");
    }

    public static StubResponse json(int status, String body) {
        return of(status, "application/json", body);
    }

    public static StubResponse text(int status, String body) {
        return of(status, "text/plain; charset=utf-8", body);
    }

    /** A 200 event stream with the given raw body, sent in one piece. */
    public static StubResponse sse(String body) {
        return of(200, "text/event-stream", body);
    }

    public static StubResponse of(int status, String contentType, String body) {
        return new StubResponse(
                status,
                Map.of("Content-Type", contentType),
                List.of(body.getBytes(StandardCharsets.UTF_8)),
                Duration.ZERO,
                Ending.COMPLETE);
    }

    /** Streams {@code tokens} as OpenAI chat chunks, {@code delay} apart, then finish "stop", usage and [DONE]. */
    public static StubResponse tokens(List<String> tokens, Duration delay) {
        return new StubResponse(
                200, Map.of("Content-Type", "text/event-stream"), OpenAiChunks.stream(tokens), delay, Ending.COMPLETE);
    }

    /** A non-streaming OpenAI chat completion answering {@code text}. */
    public static StubResponse completion(String text) {
        return json(200, OpenAiChunks.completion(text));
    }

    /** Reads the request, then never answers. */
    public static StubResponse hangBeforeHeaders() {
        return new StubResponse(200, Map.of(), List.of(), Duration.ZERO, Ending.HANG_BEFORE_HEADERS);
    }

    public StubResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new StubResponse(status, more, chunks, pause, ending);
    }

    public StubResponse withPause(Duration betweenChunks) {
        return new StubResponse(status, headers, chunks, betweenChunks, ending);
    }

    public StubResponse thenHang() {
        return new StubResponse(status, headers, chunks, pause, Ending.HANG_AFTER_BODY);
    }

    /** Resets the connection after the chunks and one more {@link #pause()}, which lets the client read them first. */
    public StubResponse thenReset() {
        return new StubResponse(status, headers, chunks, pause, Ending.RESET_AFTER_BODY);
    }

    /** The same body re-cut into chunks ending at the given byte offsets. */
    public StubResponse splitAt(int... offsets) {
        byte[] body = body();
        List<byte[]> pieces = new ArrayList<>();
        int start = 0;
        for (int offset : offsets) {
            if (offset > start && offset < body.length) {
                pieces.add(Arrays.copyOfRange(body, start, offset));
                start = offset;
            }
        }
        pieces.add(Arrays.copyOfRange(body, start, body.length));
        return new StubResponse(status, headers, pieces, pause, ending);
    }

    /** The same body re-cut at {@code cuts} random byte offsets drawn from {@code random}. */
    public StubResponse splitRandomly(Random random, int cuts) {
        int length = body().length;
        int[] offsets = random.ints(cuts, 1, Math.max(2, length)).sorted().toArray();
        return splitAt(offsets);
    }

    /** All chunks joined. */
    public byte[] body() {
        int length = chunks.stream().mapToInt(chunk -> chunk.length).sum();
        byte[] body = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, at, chunk.length);
            at += chunk.length;
        }
        return body;
    }
}
