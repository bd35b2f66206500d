package com.researchassistant.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.researchassistant.config.FetchConfig;
import com.researchassistant.fetch.FetchException.Kind;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https over a socket pinned to the checked address keeps TLS's own checks: the server is asked
 * for the URL's host name by SNI, and a certificate for another name is refused. The certificate
 * (for papers.example, trusted by the test's client alone) is made with the JDK's keytool.
 */
class TlsFetchTest {

    private static final String PASSWORD = "changeit";
    private static final Duration BUDGET = Duration.ofSeconds(10);
    private static final String ANSWER =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n\r\nover TLS";

    @TempDir
    static Path dir;

    private static SSLContext client;
    private static RawHttpStub server;

    @BeforeAll
    static void start() throws Exception {
        KeyStore keys = keyStore(dir.resolve("papers.p12"));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        server = RawHttpStub.answering(
                serverContext.getServerSocketFactory(), ANSWER.getBytes(StandardCharsets.US_ASCII));

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("papers", keys.getCertificate("papers"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        client = SSLContext.getInstance("TLS");
        client.init(null, trustManagers.getTrustManagers(), null);
    }

    private static KeyStore keyStore(Path store) throws Exception {
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "papers",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=papers.example",
                        "-ext",
                        "SAN=dns:papers.example",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static GuardedFetcher fetcher(TableResolver resolver, String allowedHost) {
        return new GuardedFetcher(
                new FetchConfig(Set.of(allowedHost + ":" + server.port()), 4096, 3, BUDGET, BUDGET),
                Clock.systemUTC(),
                resolver,
                client.getSocketFactory());
    }

    @Test
    void https_reaches_the_checked_address_naming_the_url_host_by_sni() throws Exception {
        // given
        TableResolver resolver = new TableResolver().map("papers.example", "127.0.0.1");
        int handshakesBefore = server.serverNames().size();

        // when
        Fetched fetched = fetcher(resolver, "papers.example")
                .fetch(URI.create("https://papers.example:" + server.port() + "/paper"), BUDGET);

        // then
        assertThat(new String(fetched.body(), StandardCharsets.US_ASCII)).isEqualTo("over TLS");
        assertThat(resolver.asked()).containsExactly("papers.example");
        assertThat(server.serverNames()
                        .subList(handshakesBefore, server.serverNames().size()))
                .containsExactly("papers.example");
    }

    @Test
    void a_certificate_for_another_name_is_refused() {
        // given: the same server and address, reached under a name its certificate does not hold
        TableResolver resolver = new TableResolver().map("mirror.example", "127.0.0.1");

        // then
        assertThatThrownBy(() -> fetcher(resolver, "mirror.example")
                        .fetch(URI.create("https://mirror.example:" + server.port() + "/"), BUDGET))
                .isInstanceOfSatisfying(FetchException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
                    assertThat(e.getMessage()).contains("TLS");
                });
    }

    @Test
    void an_address_literal_is_checked_against_the_certificate_too() {
        // given: the certificate names papers.example, not 127.0.0.1
        TableResolver resolver = new TableResolver();

        // then
        assertThatThrownBy(() -> fetcher(resolver, "127.0.0.1")
                        .fetch(URI.create("https://127.0.0.1:" + server.port() + "/"), BUDGET))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE));
    }
}
