package com.researchassistant.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The web app's files, read once from the classpath at start-up and served with an ETag and a
 * precomputed gzip variant.
 */
final class StaticFiles {

    private record Asset(String contentType, byte[] body, byte[] gzipped, String etag) {}

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    StaticFiles() {
        add("/", "web/index.html", "text/html");
        add("/app.js", "web/app.js", "text/javascript");
        add("/app.css", "web/app.css", "text/css");
    }

    Iterable<String> paths() {
        return assets.keySet();
    }

    void serve(ServerRequest req, ServerResponse res) {
        Asset asset = Optional.ofNullable(assets.get(req.path().path()))
                .orElseThrow(() -> ApiException.notFound("page"));
        res.header(HeaderNames.ETAG, asset.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (asset.contentType().equals("text/html")) {
            res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'self'; script-src 'self'; "
                    + "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                    + "base-uri 'none'; form-action 'self'");
            res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        }
        boolean fresh = req.headers().first(HeaderNames.IF_NONE_MATCH).map(asset.etag()::equals).orElse(false);
        if (fresh) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, asset.contentType() + "; charset=utf-8");
        res.header(HeaderNames.VARY, "Accept-Encoding");
        if (Responses.acceptsGzip(req)) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            res.send(asset.gzipped());
        } else {
            res.send(asset.body());
        }
    }

    private void add(String path, String resource, String contentType) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing web resource " + resource);
            }
            byte[] body = in.readAllBytes();
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12) + "\"";
            assets.put(path, new Asset(contentType, body, Responses.gzip(body), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
