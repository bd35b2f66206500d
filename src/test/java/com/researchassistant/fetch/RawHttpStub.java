package com.researchassistant.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ServerSocketFactory;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSocket;

/**
 * A loopback server that answers every connection with the same raw bytes, broken HTTP included,
 * after reading the request head; over TLS when given a TLS server socket factory.
 */
final class RawHttpStub implements AutoCloseable {

    private final ServerSocket listener;
    private final byte[] answer;
    private final List<String> serverNames = new CopyOnWriteArrayList<>();

    private RawHttpStub(ServerSocket listener, byte[] answer) {
        this.listener = listener;
        this.answer = answer;
        Thread.ofVirtual().name("raw-http-stub").start(this::acceptLoop);
    }

    static RawHttpStub answering(String answer) {
        return answering(ServerSocketFactory.getDefault(), answer.getBytes(StandardCharsets.ISO_8859_1));
    }

    static RawHttpStub answering(ServerSocketFactory sockets, byte[] answer) {
        try {
            return new RawHttpStub(sockets.createServerSocket(0, 16, InetAddress.getLoopbackAddress()), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** The host names TLS clients asked for by SNI, one entry per handshake that named one. */
    List<String> serverNames() {
        return List.copyOf(serverNames);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread.ofVirtual().start(() -> answer(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket socket) {
        try (socket) {
            if (socket instanceof SSLSocket tls) {
                tls.startHandshake();
                for (SNIServerName name : ((ExtendedSSLSession) tls.getSession()).getRequestedServerNames()) {
                    if (name instanceof SNIHostName host) {
                        serverNames.add(host.getAsciiName());
                    }
                }
            }
            readHead(socket.getInputStream());
            socket.getOutputStream().write(answer);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // the client went away or the TLS handshake failed: the next connection is served anyway
        }
    }

    private static void readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
