package com.researchassistant.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web app's files, read once from the classpath at start-up and served with an ETag and a
 * precomputed gzip variant. The service worker is generated from {@code web/sw.js} with the list
 * of app-shell files and a version digest of their contents, so any change to a file makes
 * browsers install a fresh offline copy.
 */
final class StaticFiles {

    /** The page's policy: no inline script or style, no plugins, and Trusted Types enforced. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
            + "require-trusted-types-for 'script'; trusted-types ra";

    private record Asset(String contentType, byte[] body, byte[] gzipped, String etag) {
        boolean text() {
            return contentType.startsWith("text/") || contentType.startsWith("application/");
        }
    }

    /** The page's JavaScript modules (the lazily imported ones too, so they work offline). */
    static final List<String> MODULES = List.of(
            "/main.js",
            "/api.js",
            "/state.js",
            "/md.js",
            "/outbox.js",
            "/network.js",
            "/answers.js",
            "/conversations.js",
            "/views/dom.js",
            "/views/page.js",
            "/views/shell.js",
            "/views/list.js",
            "/views/messages.js",
            "/views/panels.js",
            "/views/library.js",
            "/views/imports.js",
            "/timeline.js",
            "/sourcegroups.js",
            "/theme.js",
            "/share.js",
            "/views/devices.js",
            "/views/share.js",
            "/views/search.js",
            "/views/collections.js",
            "/views/dictation.js",
            "/viewing.js",
            "/views/viewer.js",
            "/research.js",
            "/views/research.js",
            "/views/researchcard.js",
            "/redelivery.js");

    /** The page a shared link shows, served at {@code /s/<token>} only (it sets no cookie). */
    static final String SHARE_PAGE = "/share.html";

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    StaticFiles() {
        add("/", "web/index.html", "text/html");
        add(SHARE_PAGE, "web/share.html", "text/html");
        for (String module : MODULES) {
            add(module, "web" + module, "text/javascript");
        }
        add("/app.css", "web/app.css", "text/css");
        add("/manifest.webmanifest", "web/manifest.webmanifest", "application/manifest+json");
        add("/icon.svg", "web/icon.svg", "image/svg+xml");
        add("/icon-192.png", "web/icon-192.png", "image/png");
        add("/icon-512.png", "web/icon-512.png", "image/png");
        add("/icon-maskable-512.png", "web/icon-maskable-512.png", "image/png");
        addServiceWorker();
    }

    Iterable<String> paths() {
        return assets.keySet().stream().filter(path -> !path.equals(SHARE_PAGE)).toList();
    }

    void serve(ServerRequest req, ServerResponse res) {
        serve(req, res, req.path().path(), 200);
    }

    /** Serves the file at {@code path} whatever the request's path, with {@code status}. */
    void serve(ServerRequest req, ServerResponse res, String path, int status) {
        Asset asset = Optional.ofNullable(assets.get(path)).orElseThrow(() -> ApiException.notFound("page"));
        res.status(Status.create(status));
        res.header(HeaderNames.ETAG, asset.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (asset.contentType().equals("text/html")) {
            res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
            res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        }
        boolean fresh = req.headers()
                .first(HeaderNames.IF_NONE_MATCH)
                .map(asset.etag()::equals)
                .orElse(false);
        if (fresh && status == 200) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(
                HeaderNames.CONTENT_TYPE, asset.text() ? asset.contentType() + "; charset=utf-8" : asset.contentType());
        res.header(HeaderNames.VARY, "Accept-Encoding");
        if (asset.gzipped().length > 0 && Responses.acceptsGzip(req)) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            res.send(asset.gzipped());
        } else {
            res.send(asset.body());
        }
    }

    private void add(String path, String resource, String contentType) {
        put(path, read(resource), contentType);
    }

    /** sw.js with the shell's paths and a digest of everything it caches filled in. */
    private void addServiceWorker() {
        MessageDigest digest = sha256();
        StringBuilder shell = new StringBuilder("[");
        for (Map.Entry<String, Asset> e : assets.entrySet()) {
            if (e.getKey().equals(SHARE_PAGE)) {
                continue; // served at /s/<token> only, not a file of the app's shell
            }
            digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update(e.getValue().body());
            shell.append(shell.length() > 1 ? ", " : "")
                    .append('\'')
                    .append(e.getKey())
                    .append('\'');
        }
        String version = HexFormat.of().formatHex(digest.digest(), 0, 8);
        String source = new String(read("web/sw.js"), StandardCharsets.UTF_8);
        String filled = source.replace("'__RA_VERSION__'", "'" + version + "'")
                .replace("/* __RA_SHELL__ */ ['/']", shell.append(']').toString());
        if (filled.equals(source)) {
            throw new IllegalStateException("web/sw.js lacks its version and shell placeholders");
        }
        put("/sw.js", filled.getBytes(StandardCharsets.UTF_8), "text/javascript");
    }

    private void put(String path, byte[] body, String contentType) {
        String etag = "\"" + HexFormat.of().formatHex(sha256().digest(body), 0, 12) + "\"";
        boolean compressible = !contentType.equals("image/png");
        assets.put(path, new Asset(contentType, body, compressible ? Responses.gzip(body) : new byte[0], etag));
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing web resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
