package com.researchassistant.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.FetchConfig;
import com.researchassistant.fetch.FetchException.Kind;
import com.researchassistant.testing.FakeFault;
import com.researchassistant.testing.FakeScholarlyWeb;
import com.researchassistant.testing.ScholarlyCorpus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GuardedFetcherTest {

    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static final int MAX_BYTES = 1024 * 1024;

    private final FakeScholarlyWeb web = FakeScholarlyWeb.start();
    private final TableResolver resolver = new TableResolver();

    @AfterEach
    void close() {
        web.close();
    }

    private GuardedFetcher fetcher(Set<String> allow, int maxRedirects) {
        return new GuardedFetcher(
                new FetchConfig(allow, MAX_BYTES, maxRedirects, Duration.ofSeconds(20), Duration.ofSeconds(2)),
                Clock.systemUTC(),
                resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    private GuardedFetcher fetcher() {
        return fetcher(Set.of(web.fetchAllow()), 5);
    }

    private static void assertRefused(ThrowingCallable fetch, Kind kind) {
        assertThatThrownBy(fetch)
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    @Test
    void fetches_an_open_access_pdf_and_an_html_full_text() throws Exception {
        // when
        Fetched pdf = fetcher().fetch(web.fullText("sleep-spindles-recall"), BUDGET);
        Fetched html = fetcher().fetch(web.fullText("sleep-deprivation-hippocampus"), BUDGET);

        // then
        assertThat(pdf.mediaType()).isEqualTo("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.url()).isEqualTo(web.fullText("sleep-spindles-recall"));
        assertThat(html.mediaType()).isEqualTo("text/html");
        assertThat(new String(html.body(), StandardCharsets.UTF_8))
                .contains("One night of sleep deprivation impairs hippocampal encoding");
        assertThat(web.requests(FakeScholarlyWeb.PAGES).get(0).header("accept-encoding"))
                .contains("gzip");
    }

    @Test
    void inflates_a_gzipped_page() throws Exception {
        // when
        Fetched page = fetcher().fetch(web.page("gzipped.html"), BUDGET);

        // then
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("Cooling cities in a heat wave");
    }

    @Test
    void follows_redirects_and_reports_where_the_document_was_found() throws Exception {
        // when
        Fetched fetched = fetcher().fetch(web.redirecting(3, "/oa/microplastics-daphnia.html"), BUDGET);

        // then
        assertThat(fetched.url()).isEqualTo(web.fullText("microplastics-daphnia"));
        assertThat(web.requests(FakeScholarlyWeb.PAGES)).hasSize(4);
    }

    @Test
    void stops_at_the_redirect_cap_and_in_a_loop() {
        assertRefused(
                () -> fetcher(Set.of(web.fetchAllow()), 2)
                        .fetch(web.redirecting(3, "/oa/microplastics-daphnia.html"), BUDGET),
                Kind.TOO_MANY_REDIRECTS);
        assertRefused(() -> fetcher().fetch(URI.create(web.url() + "/redirect-loop"), BUDGET), Kind.TOO_MANY_REDIRECTS);
        assertThat(web.requests(FakeScholarlyWeb.PAGES)).hasSize(3 + 6);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "file:///etc/passwd",
                "ftp://papers.example/paper.pdf",
                "gopher://papers.example:70/",
                "jar:file:///tmp/x.jar!/a",
                "data:text/html,hello",
                "javascript:alert(1)",
                "/relative/path"
            })
    void refuses_anything_but_http_and_https(String url) {
        assertRefused(() -> fetcher().fetch(URI.create(url), BUDGET), Kind.SCHEME_REFUSED);
        assertThat(resolver.asked()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:%d/",
                "http://[::1]:%d/",
                "http://10.1.2.3:%d/",
                "http://172.16.5.4:%d/",
                "http://192.168.1.20:%d/",
                "http://100.64.0.9:%d/",
                "http://169.254.169.254:%d/latest/meta-data/",
                "http://[fd00:ec2::254]:%d/latest/meta-data/",
                "http://[fe80::1]:%d/",
                "http://[fc00::5]:%d/",
                "http://0.0.0.0:%d/",
                "http://224.0.0.1:%d/",
                "http://[ff02::1]:%d/",
                "http://[::ffff:127.0.0.1]:%d/",
                "http://[::ffff:169.254.169.254]:%d/",
                "http://[::127.0.0.1]:%d/",
                "http://[64:ff9b::a00:1]:%d/",
                "http://[2002:7f00:1::1]:%d/",
                "https://[::1]:%d/"
            })
    void refuses_non_public_address_literals_without_connecting(String template) throws Exception {
        // given: the fake listens on this port, but only 127.0.0.1 with another port is allowed
        URI url = URI.create(template.formatted(web.port()));
        GuardedFetcher fetcher = fetcher(Set.of("127.0.0.1:1"), 5);

        // then
        assertRefused(() -> fetcher.fetch(url, BUDGET), Kind.ADDRESS_REFUSED);
        assertThat(web.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "metadata.google.internal",
                "metadata.goog",
                "printer.local",
                "intranet",
                "x.localhost"
            })
    void refuses_local_and_metadata_names_before_asking_dns(String host) {
        assertRefused(
                () -> fetcher().fetch(URI.create("http://" + host + ":" + web.port() + "/"), BUDGET),
                Kind.ADDRESS_REFUSED);
        assertThat(resolver.asked()).isEmpty();
    }

    @Test
    void refuses_a_name_that_resolves_to_loopback() {
        // given
        resolver.map("papers.example", "127.0.0.1");

        // then
        assertRefused(
                () -> fetcher().fetch(URI.create("http://papers.example:" + web.port() + "/oa/x.html"), BUDGET),
                Kind.ADDRESS_REFUSED);
        assertThat(web.requests()).isEmpty();
    }

    @Test
    void refuses_a_name_whose_addresses_mix_public_and_private() {
        // given
        resolver.map("mixed.example", "93.184.215.14", "10.0.0.5");

        // then
        assertThatThrownBy(() -> fetcher().fetch(URI.create("http://mixed.example/"), BUDGET))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.ADDRESS_REFUSED);
                    assertThat(e.getMessage()).contains("10.0.0.5").contains("private");
                });
    }

    @Test
    void connects_to_the_address_it_checked_without_a_second_lookup() throws Exception {
        // given: a name allowed like a test fake, resolved once
        resolver.map("papers.example", "127.0.0.1");
        GuardedFetcher fetcher = fetcher(Set.of("papers.example:" + web.port()), 5);

        // when
        Fetched fetched = fetcher.fetch(
                URI.create("http://papers.example:" + web.port() + "/web/microplastics-faq.html"), BUDGET);

        // then
        assertThat(new String(fetched.body(), StandardCharsets.UTF_8)).contains("Microplastics in rivers");
        assertThat(resolver.asked()).containsExactly("papers.example");
        assertThat(web.requests(FakeScholarlyWeb.PAGES).get(0).header("host")).contains("papers.example:" + web.port());
    }

    @Test
    void refuses_a_redirect_to_a_private_address_a_metadata_address_a_local_name_or_a_file() {
        assertRefused(
                () -> fetcher().fetch(web.redirectingTo(URI.create("http://10.0.0.1/admin")), BUDGET),
                Kind.ADDRESS_REFUSED);
        assertRefused(
                () -> fetcher()
                        .fetch(web.redirectingTo(URI.create("http://169.254.169.254/latest/meta-data/iam/")), BUDGET),
                Kind.ADDRESS_REFUSED);
        assertRefused(
                () -> fetcher()
                        .fetch(web.redirectingTo(URI.create("http://localhost:" + web.port() + "/oa/x.html")), BUDGET),
                Kind.ADDRESS_REFUSED);
        assertRefused(
                () -> fetcher().fetch(web.redirectingTo(URI.create("file:///etc/passwd")), BUDGET),
                Kind.SCHEME_REFUSED);
        assertThat(web.requests(FakeScholarlyWeb.PAGES)).hasSize(4);
    }

    @Test
    void refuses_a_redirect_to_a_name_that_resolves_inside() {
        // given
        resolver.map("rebound.example", "192.168.0.1");

        // then
        assertRefused(
                () -> fetcher().fetch(web.redirectingTo(URI.create("http://rebound.example/")), BUDGET),
                Kind.ADDRESS_REFUSED);
    }

    @Test
    void stops_reading_a_page_past_the_byte_cap() {
        assertThatThrownBy(() -> fetcher().fetch(web.page("huge.html"), BUDGET))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
                    assertThat(e.getMessage()).contains(String.valueOf(MAX_BYTES));
                });
    }

    @Test
    void refuses_a_declared_length_over_the_cap_before_reading() {
        // given
        GuardedFetcher small = new GuardedFetcher(
                new FetchConfig(Set.of(web.fetchAllow()), 1024, 5, BUDGET, BUDGET),
                Clock.systemUTC(),
                resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault());

        // then
        assertThatThrownBy(() -> small.fetch(web.fullText("green-roofs-heat"), BUDGET))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
                    assertThat(e.getMessage()).contains("declared");
                });
    }

    @Test
    void stops_a_gzip_bomb_at_the_cap_on_inflated_bytes() {
        assertRefused(() -> fetcher().fetch(web.page("gzip-bomb.html"), BUDGET), Kind.TOO_LARGE);
    }

    @Test
    void a_slow_drip_ends_when_the_budget_does() {
        assertRefused(() -> fetcher().fetch(web.page("drip.html"), Duration.ofMillis(500)), Kind.TIMEOUT);
    }

    @Test
    void a_server_that_never_answers_ends_when_the_configured_time_does() {
        // given
        web.failAlways(FakeScholarlyWeb.PAGES, FakeFault.hang());
        GuardedFetcher quick = new GuardedFetcher(
                new FetchConfig(Set.of(web.fetchAllow()), MAX_BYTES, 5, Duration.ofMillis(400), Duration.ofSeconds(1)),
                Clock.systemUTC(),
                resolver,
                (SSLSocketFactory) SSLSocketFactory.getDefault());

        // then
        assertRefused(() -> quick.fetch(web.page("microplastics-faq"), Duration.ofMinutes(5)), Kind.TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"binary", "wrong-type.json", "no-type"})
    void refuses_content_types_the_readers_do_not_parse(String page) {
        assertRefused(() -> fetcher().fetch(web.page(page), BUDGET), Kind.UNSUPPORTED_TYPE);
    }

    @Test
    void a_missing_page_is_an_http_status_failure() {
        assertThatThrownBy(() -> fetcher().fetch(URI.create(web.url() + "/oa/no-such-paper.pdf"), BUDGET))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
                    assertThat(e.getMessage()).contains("404").doesNotContain("Not found");
                });
    }

    @Test
    void an_unknown_host_and_a_closed_port_are_unreachable() throws Exception {
        // given
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        // then
        assertRefused(() -> fetcher().fetch(URI.create("http://nowhere.example/"), BUDGET), Kind.UNREACHABLE);
        assertRefused(
                () -> fetcher(Set.of("127.0.0.1:" + closedPort), 5)
                        .fetch(URI.create("http://127.0.0.1:" + closedPort + "/"), BUDGET),
                Kind.UNREACHABLE);
    }

    @Test
    void a_dns_lookup_that_hangs_ends_when_the_budget_does() {
        // given
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Resolver stuck = host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(host);
        };
        GuardedFetcher fetcher = new GuardedFetcher(
                new FetchConfig(Set.of(), MAX_BYTES, 5, BUDGET, BUDGET), Clock.systemUTC(), stuck, (SSLSocketFactory)
                        SSLSocketFactory.getDefault());

        // then
        assertRefused(
                () -> fetcher.fetch(URI.create("http://slow-dns.example/"), Duration.ofMillis(300)), Kind.TIMEOUT);
        never.countDown();
    }

    @Test
    void a_cancelled_job_gets_an_interruption_before_and_during_a_fetch() throws Exception {
        // given: one fetch asked after the cancel, one cancelled while it reads a slow page
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> fetcher().fetch(web.page("microplastics-faq"), BUDGET))
                .isInstanceOf(InterruptedException.class);
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                fetcher().fetch(web.page("drip.html"), Duration.ofSeconds(30));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        com.researchassistant.testing.Eventually.await(
                Duration.ofSeconds(5),
                () -> web.requests(FakeScholarlyWeb.PAGES).size() == 1,
                "the slow page is being read");

        // when
        reader.interrupt();

        // then
        assertThat(outcome.get(5, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void the_hostile_page_is_fetched_as_any_page_its_text_is_the_readers_business() throws Exception {
        // when
        Fetched hostile = fetcher().fetch(web.page("sleep-hacks"), BUDGET);

        // then
        assertThat(new String(hostile.body(), StandardCharsets.UTF_8))
                .contains(ScholarlyCorpus.INJECTION)
                .contains("display:none");
    }
}
