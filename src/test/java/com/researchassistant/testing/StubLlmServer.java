package com.researchassistant.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An in-process OpenAI-compatible server on 127.0.0.1 and a free port, for tests. It answers
 * each request with the next {@link #enqueue enqueued} {@link StubResponse}, or, when none is
 * queued, with its default responder (by default a short token stream, or a JSON completion when
 * the request asks {@code "stream": false}). It records every request and notices when a client
 * cuts a response short. Built on a raw socket so it can hang or reset connections at will.
 *
 * <pre>{@code
 * try (var stub = StubLlmServer.start()) {
 *     stub.enqueue(StubResponse.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "2"));
 *     ... new OpenAiLlmClient(configWithBaseUrl(stub.url())) ...
 *     assertThat(stub.requests()).hasSize(2);
 * }
 * }</pre>
 */
public final class StubLlmServer implements AutoCloseable {

    /** The tokens the default responder streams. */
    public static final List<String> DEFAULT_TOKENS = List.of("Hello", " from", " the", " stub", ".");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServerSocket listener;
    private final Queue<StubResponse> script = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong requestCount = new AtomicLong();
    private volatile boolean recording = true;
    private volatile boolean keepAlive;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Semaphore disconnects = new Semaphore(0);
    private final Semaphore received = new Semaphore(0);
    private volatile Function<RecordedRequest, StubResponse> fallback = answering(DEFAULT_TOKENS, Duration.ZERO);
    private volatile Predicate<RecordedRequest> scripted = request -> true;

    private StubLlmServer(ServerSocket listener) {
        this.listener = listener;
        Thread.ofVirtual().name("stub-llm-accept").start(this::acceptLoop);
    }

    public static StubLlmServer start() {
        try {
            return new StubLlmServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A responder streaming {@code tokens} with {@code delay} between them, or completing at once without streaming. */
    public static Function<RecordedRequest, StubResponse> answering(List<String> tokens, Duration delay) {
        return request -> streams(request)
                ? StubResponse.tokens(tokens, delay)
                : StubResponse.completion(String.join("", tokens));
    }

    /** The base URL to configure, like {@code http://127.0.0.1:PORT/v1}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/v1");
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Queues the answer to one coming request; answers are used in order. */
    public StubLlmServer enqueue(StubResponse response) {
        script.add(response);
        return this;
    }

    /**
     * Lets only matching requests take enqueued answers; the others get the default responder.
     * With {@code StubLlmServer::streams}, scripts reach the streamed answer and not the
     * classification, summary and safety calls made beside it.
     */
    public StubLlmServer scriptOnly(Predicate<RecordedRequest> which) {
        this.scripted = which;
        return this;
    }

    /** The streamed requests received so far, in order. */
    public List<RecordedRequest> streamedRequests() {
        return requests.stream().filter(StubLlmServer::streams).toList();
    }

    /** Sets how requests are answered when nothing is queued. */
    public StubLlmServer respondByDefault(Function<RecordedRequest, StubResponse> responder) {
        this.fallback = responder;
        return this;
    }

    /**
     * Stops keeping requests for {@link #requests()} (they are still counted): a long benchmark
     * would otherwise hold every prompt it ever sent.
     */
    public StubLlmServer stopRecording() {
        recording = false;
        return this;
    }

    /**
     * Keeps a connection open for the next request after a complete response, as real providers
     * do; by default every response closes its connection.
     */
    public StubLlmServer keepAlive() {
        keepAlive = true;
        return this;
    }

    /** How many requests arrived, recorded or not. */
    public long requestCount() {
        return requestCount.get();
    }

    /** The requests received so far, in order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Waits until {@code count} more requests arrived than were awaited before. */
    public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
        return received.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until a client closed a connection before its response was complete. */
    public boolean awaitClientDisconnect(Duration timeout) throws InterruptedException {
        return disconnects.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
        open.forEach(StubLlmServer::closeQuietly);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                Thread.ofVirtual().name("stub-llm-conn").start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        boolean idle = false; // between two requests of a kept-alive connection
        try (socket) {
            socket.setTcpNoDelay(true);
            // buffered: the head is read a byte at a time, which unbuffered is a system call a byte
            InputStream in = new BufferedInputStream(socket.getInputStream());
            boolean again = true;
            while (again) {
                RecordedRequest request = StubHttp.readRequest(in);
                idle = false;
                requestCount.incrementAndGet();
                if (recording) {
                    requests.add(request);
                }
                received.release();
                StubResponse scriptedResponse = scripted.test(request) ? script.poll() : null;
                StubResponse response = scriptedResponse != null ? scriptedResponse : fallback.apply(request);
                again = keepAlive && response.ending() == StubResponse.Ending.COMPLETE;
                play(socket, response, again);
                idle = again;
            }
        } catch (IOException e) {
            if (!idle) {
                disconnects.release(); // a kept-alive connection closed between requests is no disconnect
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(socket);
        }
    }

    private void play(Socket socket, StubResponse response, boolean keepOpen) throws IOException, InterruptedException {
        if (response.ending() == StubResponse.Ending.HANG_BEFORE_HEADERS) {
            hang(socket);
            return;
        }
        OutputStream out = socket.getOutputStream();
        StubHttp.writeHead(out, response, keepOpen);
        boolean first = true;
        for (byte[] chunk : response.chunks()) {
            if (!first && !response.pause().isZero()) {
                Thread.sleep(response.pause());
            }
            first = false;
            StubHttp.writeChunk(out, chunk);
        }
        if (response.ending() == StubResponse.Ending.RESET_AFTER_BODY) {
            // a reset drops whatever the client has not read yet, so give it the pause to read first
            Thread.sleep(response.pause());
        }
        switch (response.ending()) {
            case COMPLETE -> StubHttp.writeLastChunk(out);
            case HANG_AFTER_BODY -> hang(socket);
            case RESET_AFTER_BODY -> reset(socket);
            case HANG_BEFORE_HEADERS -> throw new IllegalStateException("handled above");
        }
    }

    /** Stays silent until the client goes away (counted as a disconnect) or the server closes. */
    private void hang(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
            // ignore anything the client sends
        }
        if (!listener.isClosed()) {
            disconnects.release();
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public static boolean streams(RecordedRequest request) {
        try {
            return MAPPER.readTree(request.body()).path("stream").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
