package com.researchassistant.fetch;

import com.researchassistant.config.FetchConfig;
import com.researchassistant.fetch.FetchException.Kind;
import com.researchassistant.time.Deadline;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Fetcher}: a small HTTP/1.1 client over sockets connected to addresses the
 * {@link HostGuard} checked, following redirects itself (each hop checked again), within the byte,
 * redirect and time caps of {@link FetchConfig}, answering only content types the readers parse.
 */
public final class GuardedFetcher implements Fetcher {

    private static final Logger log = LoggerFactory.getLogger(GuardedFetcher.class);
    private static final String USER_AGENT = "research-assistant/0.1 (document reader)";
    /** What the readers parse: web pages, PDFs, plain text, and the XML of arXiv and PubMed. */
    static final Set<String> READABLE = Set.of(
            "text/html", "application/xhtml+xml", "application/pdf", "text/plain", "application/xml", "text/xml");

    private final FetchConfig config;
    private final Clock clock;
    private final HostGuard guard;
    private final SSLSocketFactory tls;

    public GuardedFetcher(FetchConfig config, Clock clock) {
        this(config, clock, Resolver.SYSTEM, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    GuardedFetcher(FetchConfig config, Clock clock, Resolver resolver, SSLSocketFactory tls) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.guard = new HostGuard(config, Objects.requireNonNull(resolver, "resolver"));
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    @Override
    public Fetched fetch(URI url, Duration budget) throws InterruptedException {
        Objects.requireNonNull(url, "url");
        Deadline deadline = Deadline.within(clock, Objects.requireNonNull(budget, "budget"), config.timeout());
        Instant started = clock.instant();
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the fetch was cancelled");
            }
            Target target = Target.of(current);
            List<InetAddress> addresses = guard.addresses(target, deadline.remaining());
            try (Connection connection = Connection.open(target, addresses, deadline, config.connectTimeout(), tls)) {
                ResponseHead head = connection.get(target, USER_AGENT);
                if (head.redirect()) {
                    current = nextHop(current, head, redirects);
                    continue;
                }
                Fetched fetched = read(current, head, connection);
                log.info(
                        "fetch host={} status={} type={} bytes={} redirects={} latencyMs={}",
                        target.host(),
                        head.status(),
                        fetched.mediaType(),
                        fetched.body().length,
                        redirects,
                        Duration.between(started, clock.instant()).toMillis());
                return fetched;
            } catch (IOException e) {
                throw failure(target, e, deadline);
            }
        }
    }

    private URI nextHop(URI current, ResponseHead head, int redirects) {
        if (redirects >= config.maxRedirects()) {
            throw new FetchException(
                    Kind.TOO_MANY_REDIRECTS,
                    "more than " + config.maxRedirects() + " redirects from " + Target.shorten(current),
                    null);
        }
        String location = head.header("location")
                .orElseThrow(() -> new FetchException(
                        Kind.HTTP_STATUS, "a redirect (" + head.status() + ") without a Location", null));
        try {
            return current.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(Kind.UNREACHABLE, "a redirect to a broken URL", e);
        }
    }

    private Fetched read(URI url, ResponseHead head, Connection connection) throws IOException {
        if (head.status() / 100 != 2) {
            throw new FetchException(Kind.HTTP_STATUS, Target.shorten(url) + " answered " + head.status(), null);
        }
        String mediaType = head.header("content-type")
                .map(type -> type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .orElse("");
        if (!READABLE.contains(mediaType)) {
            throw new FetchException(
                    Kind.UNSUPPORTED_TYPE,
                    "a content type the readers do not parse: "
                            + (mediaType.isEmpty()
                                    ? "none"
                                    : mediaType.length() > 60 ? mediaType.substring(0, 60) : mediaType),
                    null);
        }
        return new Fetched(url, mediaType, Body.read(head, connection.body(), config.maxBytes()));
    }

    private FetchException failure(Target target, IOException e, Deadline deadline) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the fetch was cancelled");
        }
        if (e instanceof SocketTimeoutException || deadline.expired()) {
            return new FetchException(Kind.TIMEOUT, target.host() + " did not answer within the time allowed", e);
        }
        String why = switch (e) {
            case ConnectException c -> "could not connect to ";
            case SSLException s -> "TLS failed (certificate or handshake) with ";
            case ZipException z -> "a broken gzip body from ";
            case ResponseHead.MalformedHttp m -> "a broken HTTP response (" + m.getMessage() + ") from ";
            default -> "the connection failed (" + e.getClass().getSimpleName() + ") with ";
        };
        return new FetchException(Kind.UNREACHABLE, why + target.host(), e);
    }
}
