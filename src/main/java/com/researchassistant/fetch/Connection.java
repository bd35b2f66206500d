package com.researchassistant.fetch;

import com.researchassistant.time.Deadline;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 request over a socket connected to an address that was checked (never a name the
 * socket would look up again). For https the TLS layer is put on that socket with the URL's host
 * name for SNI and for certificate host-name verification, so pinning the address loses none of
 * TLS's checks. Every read waits at most for what is left of the deadline.
 */
final class Connection implements Closeable {

    private static final String ACCEPT =
            "text/html,application/xhtml+xml,application/pdf;q=0.9,text/plain;q=0.8,application/xml;q=0.5,text/xml;q=0.5";

    private final Socket socket;
    private final InputStream in;

    private Connection(Socket socket, Deadline deadline) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(new TimedInput(socket, deadline), 8192);
    }

    /** Connects to the first of {@code addresses} that answers, within the deadline. */
    static Connection open(
            Target target,
            List<InetAddress> addresses,
            Deadline deadline,
            Duration connectTimeout,
            SSLSocketFactory tls)
            throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                Duration wait = deadline.atMost(connectTimeout);
                socket.connect(new InetSocketAddress(address, target.port()), (int) Math.max(1, wait.toMillis()));
                return new Connection(target.tls() ? secure(socket, target, tls, deadline) : socket, deadline);
            } catch (IOException e) {
                socket.close();
                last = e;
                if (deadline.expired()) {
                    break;
                }
            }
        }
        throw last != null ? last : new IOException("no address to connect to");
    }

    private static Socket secure(Socket plain, Target target, SSLSocketFactory tls, Deadline deadline)
            throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket(plain, target.bareHost(), target.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!target.literalAddress()) {
            parameters.setServerNames(List.of(new SNIHostName(target.bareHost())));
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) Math.max(1, deadline.remaining().toMillis()));
        socket.startHandshake();
        return socket;
    }

    /** Sends a GET for the target and reads the response head. */
    ResponseHead get(Target target, String userAgent) throws IOException {
        String request = "GET " + target.requestTarget() + " HTTP/1.1\r\n"
                + "Host: " + target.hostHeader() + "\r\n"
                + "User-Agent: " + userAgent + "\r\n"
                + "Accept: " + ACCEPT + "\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return ResponseHead.read(in);
    }

    /** The bytes after the head, as they come off the wire. */
    InputStream body() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Gives every read of the socket no longer than what is left of the deadline. */
    private static final class TimedInput extends FilterInputStream {

        private final Socket socket;
        private final Deadline deadline;

        TimedInput(Socket socket, Deadline deadline) throws IOException {
            super(socket.getInputStream());
            this.socket = socket;
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            arm();
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return super.read(b, off, len);
        }

        private void arm() throws IOException {
            Duration left = deadline.remaining();
            if (left.isZero()) {
                throw new SocketTimeoutException("the fetch's time is up");
            }
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left.toMillis())));
        }
    }
}
