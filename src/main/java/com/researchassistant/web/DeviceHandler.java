package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.account.Accounts;
import com.researchassistant.account.Device;
import com.researchassistant.account.Pairing;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;

/**
 * Linked devices: a pairing code (and its QR code) shown on one browser, entered on another; the
 * list of an identity's devices; unlinking. For browsers only: API keys are not devices. A code
 * travels only in request and response bodies (never a URL the server sees, never a log); the QR
 * code carries it in a link's fragment, which browsers do not send.
 */
final class DeviceHandler {

    private final Accounts accounts;
    private final Identities identities;
    private final JsonBodies bodies;

    DeviceHandler(Accounts accounts, Identities identities, JsonBodies bodies) {
        this.accounts = accounts;
        this.identities = identities;
        this.bodies = bodies;
    }

    record PairingDto(String code, String expiresAt, String link, QrPath qr) {}

    record DeviceDto(String id, String label, String linkedAt, String lastSeenAt, boolean current) {
        static DeviceDto of(Device d) {
            return new DeviceDto(
                    d.id(), d.label(), d.linkedAt().toString(), d.seenAt().toString(), d.current());
        }
    }

    record DeviceList(List<DeviceDto> devices) {
        static DeviceList of(List<Device> devices) {
            return new DeviceList(devices.stream().map(DeviceDto::of).toList());
        }
    }

    /** {@code POST /api/devices/pairing}: a new code for this browser's identity. */
    void startPairing(ServerRequest req, ServerResponse res) {
        String device = device(req, res);
        bodies.readObject(req); // a body, if any, must still be JSON
        Pairing pairing = accounts.startPairing(device, label(req));
        String link = origin(req) + "/#/link/" + pairing.code();
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Responses.json(
                req,
                res,
                201,
                new PairingDto(pairing.display(), pairing.expiresAt().toString(), link, QrPath.of(link)));
    }

    /** {@code POST /api/devices/link} with {@code {"code":"..."}}: this browser joins the code's identity. */
    void link(ServerRequest req, ServerResponse res) {
        String device = device(req, res);
        ObjectNode body = bodies.readObject(req);
        String code = JsonBodies.requiredString(body, "code");
        List<Device> devices = accounts.link(device, label(req), code, address(req));
        Responses.json(req, res, 200, DeviceList.of(devices));
    }

    void list(ServerRequest req, ServerResponse res) {
        Responses.json(req, res, 200, DeviceList.of(accounts.devices(device(req, res))));
    }

    void unlink(ServerRequest req, ServerResponse res) {
        String device = device(req, res);
        if (!accounts.unlink(device, PathIds.named(req, "id", "device"))) {
            throw ApiException.notFound("device");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private String device(ServerRequest req, ServerResponse res) {
        return identities
                .device(req, res)
                .orElseThrow(() -> ApiException.badRequest(
                        "not_a_browser",
                        "Linking devices is for the web app's browsers; an API key is one identity on every device."));
    }

    /** The address the connection came from (a proxy's own, behind one). */
    private static String address(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : String.valueOf(peer);
    }

    /** The app's origin as the browser sees it, for the QR code's link. */
    private static String origin(ServerRequest req) {
        String scheme = first(req, "X-Forwarded-Proto")
                .map(p -> p.toLowerCase(Locale.ROOT))
                .filter(p -> p.equals("http") || p.equals("https"))
                .orElse(req.isSecure() ? "https" : "http");
        String host = first(req, "X-Forwarded-Host")
                .or(() -> req.headers().first(HeaderNames.HOST))
                .orElse("localhost");
        return scheme + "://" + host.replaceAll("[^A-Za-z0-9.:\\[\\]-]", "");
    }

    private static java.util.Optional<String> first(ServerRequest req, String header) {
        return req.headers()
                .first(HeaderNames.create(header))
                .map(v -> v.split(",", 2)[0].strip())
                .filter(v -> !v.isEmpty());
    }

    /** "Chrome on Android" and the like, from the User-Agent; a label, never an identifier. */
    static String label(ServerRequest req) {
        String ua = req.headers().first(HeaderNames.USER_AGENT).orElse("");
        String browser = ua.contains("Edg/")
                ? "Edge"
                : ua.contains("Firefox/")
                        ? "Firefox"
                        : ua.contains("Chrome/") || ua.contains("Chromium/")
                                ? "Chrome"
                                : ua.contains("Safari/") ? "Safari" : "A browser";
        String system = ua.contains("Android")
                ? "Android"
                : ua.contains("iPhone")
                        ? "iPhone"
                        : ua.contains("iPad")
                                ? "iPad"
                                : ua.contains("Mac OS")
                                        ? "macOS"
                                        : ua.contains("Windows")
                                                ? "Windows"
                                                : ua.contains("CrOS")
                                                        ? "ChromeOS"
                                                        : ua.contains("Linux") ? "Linux" : "";
        return system.isEmpty() ? browser : browser + " on " + system;
    }
}
