package com.researchassistant.web;

import com.researchassistant.viewer.PageImage;
import com.researchassistant.viewer.PageRequest;
import com.researchassistant.viewer.PassageRef;
import com.researchassistant.viewer.SourceViewer;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * The source viewer's API: a cited passage where it stands in its document, and the pages of a
 * PDF drawn at the size the client shows them. Another identity's document answers 404.
 */
final class ViewerHandler {

    /** A drawn page never changes under its tag (the tag names the original's digest), so clients keep it. */
    private static final String PAGE_CACHE = "private, max-age=31536000, immutable";

    private static final int MAX_SNIPPET = 1_000;

    private final SourceViewer viewer;
    private final Identities identities;

    ViewerHandler(SourceViewer viewer, Identities identities) {
        this.viewer = viewer;
        this.identities = identities;
    }

    /** {@code GET /api/library/documents/{id}/view?passage=N} (or {@code ?location=...&snippet=...}). */
    void view(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String documentId = PathIds.document(req);
        PassageRef ref = ref(req.query());
        var view = viewer.view(owner, documentId, ref).orElseThrow(() -> ApiException.notFound("passage"));
        res.header(HeaderNames.CACHE_CONTROL, "private, no-cache");
        Responses.json(req, res, 200, ViewerDto.ViewDto.of(view));
    }

    /** {@code GET /api/library/documents/{id}/pages/{page}?w=CSS_PX&dpr=RATIO}: a PNG (or JPEG), with an ETag. */
    void page(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String documentId = PathIds.document(req);
        int page = whole(req.path().pathParameters().first("page").asOptional(), "page", 1, PageRequest.MAX_PAGE)
                .orElseThrow(() -> ApiException.notFound("page"));
        int width = whole(req.query().first("w").asOptional(), "w", 1, Integer.MAX_VALUE)
                .orElseThrow(() -> ApiException.badRequest("missing_field", "Give the width as ?w= in CSS pixels."));
        PageRequest request =
                new PageRequest(page, width, ratio(req.query().first("dpr").asOptional()));
        String tag = viewer.pageTag(owner, documentId, request).orElseThrow(() -> ApiException.notFound("page"));
        res.header(HeaderNames.CACHE_CONTROL, PAGE_CACHE);
        res.header(HeaderNames.ETAG, tag);
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(tag::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        PageImage image = viewer.page(owner, documentId, request).orElseThrow(() -> ApiException.notFound("page"));
        res.header(HeaderNames.CONTENT_TYPE, image.contentType());
        res.send(image.bytes());
    }

    private static PassageRef ref(Parameters query) {
        Optional<Integer> ordinal = whole(query.first("passage").asOptional(), "passage", 0, Integer.MAX_VALUE);
        if (ordinal.isPresent()) {
            return new PassageRef.Ordinal(ordinal.get());
        }
        Optional<String> location = query.first("location").asOptional();
        if (location.isEmpty()) {
            throw ApiException.badRequest(
                    "missing_field", "Name the passage as ?passage=N, or ?location=...&snippet=...");
        }
        String snippet = query.first("snippet").asOptional().orElse("");
        return new PassageRef.Located(location.get(), snippet.substring(0, Math.min(snippet.length(), MAX_SNIPPET)));
    }

    private static Optional<Integer> whole(Optional<String> raw, String name, int min, int max) {
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String digits = raw.get().strip();
        if (digits.matches("[0-9]{1,9}")) {
            int value = Integer.parseInt(digits);
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        }
        throw ApiException.badRequest("invalid_field", "'" + name + "' must be a whole number from " + min + ".");
    }

    private static double ratio(Optional<String> raw) {
        if (raw.isEmpty()) {
            return 1;
        }
        String text = raw.get().strip();
        if (text.matches("[0-9]{1,2}(\\.[0-9]{1,4})?")) {
            return Double.parseDouble(text);
        }
        throw ApiException.badRequest("invalid_field", "'dpr' must be a number such as 1, 2 or 2.625.");
    }
}
