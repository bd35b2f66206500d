package com.researchassistant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.config.DevicesConfig;
import com.researchassistant.share.Share;
import com.researchassistant.share.Shares;
import com.researchassistant.share.Snapshot;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;

/**
 * Shared conversations: the owner makes, lists and revokes read-only links; anyone with a link
 * reads its snapshot, without an identity (no cookie is read or set). A revoked, expired or unknown
 * link is 404. Snapshots are served with {@code noindex} and no referrer, and never cached.
 */
final class ShareHandler {

    private final Shares shares;
    private final SessionStore sessions;
    private final Identities identities;
    private final JsonBodies bodies;
    private final DevicesConfig config;
    private final StaticFiles files;

    ShareHandler(
            Shares shares,
            SessionStore sessions,
            Identities identities,
            JsonBodies bodies,
            DevicesConfig config,
            StaticFiles files) {
        this.shares = shares;
        this.sessions = sessions;
        this.identities = identities;
        this.bodies = bodies;
        this.config = config;
        this.files = files;
    }

    record ShareDto(String id, String url, String createdAt, String expiresAt) {
        static ShareDto of(Share s) {
            return new ShareDto(
                    s.id(),
                    "/s/" + s.token(),
                    s.createdAt().toString(),
                    s.expiresAt().toString());
        }
    }

    record ShareList(List<ShareDto> shares) {}

    record Shared(String title, String sharedAt, String expiresAt, List<Snapshot.Message> messages) {}

    /** {@code POST /api/sessions/{id}/shares} with an optional {@code {"days": n}}. */
    void create(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        Duration ttl = ttl(body);
        Session session =
                sessions.find(owner, PathIds.session(req)).orElseThrow(() -> ApiException.notFound("session"));
        Share share = shares.create(owner, session, ttl);
        Responses.json(req, res, 201, ShareDto.of(share));
    }

    private Duration ttl(ObjectNode body) {
        JsonNode days = body.get("days");
        if (days == null || days.isNull()) {
            return config.shareTtl();
        }
        long max = config.maxShareTtl().toDays();
        if (!days.canConvertToInt() || !days.isIntegralNumber() || days.asInt() < 1 || days.asInt() > max) {
            throw ApiException.badRequest("invalid_field", "'days' must be a whole number from 1 to " + max + ".");
        }
        return Duration.ofDays(days.asInt());
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String sessionId = PathIds.session(req);
        if (sessions.findRecent(owner, sessionId, 0).isEmpty()) {
            throw ApiException.notFound("session");
        }
        Responses.json(
                req,
                res,
                200,
                new ShareList(
                        shares.list(owner, sessionId).stream().map(ShareDto::of).toList()));
    }

    void revoke(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        if (!shares.revoke(owner, PathIds.session(req), PathIds.named(req, "share", "share"))) {
            throw ApiException.notFound("share");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code GET /api/shares/{token}}: the snapshot, to anyone holding the link. */
    void read(ServerRequest req, ServerResponse res) {
        Shares.Opened opened =
                shares.open(PathIds.named(req, "token", "share")).orElseThrow(() -> ApiException.notFound("share"));
        Snapshot s = opened.snapshot();
        privately(res);
        Responses.json(
                req,
                res,
                200,
                new Shared(s.title(), s.sharedAt(), opened.expiresAt().toString(), s.messages()));
    }

    /** {@code GET /s/{token}}: the page that shows a snapshot; 404 (the same page, saying so) for a dead link. */
    void page(ServerRequest req, ServerResponse res) {
        String token = req.path().pathParameters().first("token").orElse("");
        boolean live =
                token.matches("[A-Za-z0-9_-]{1,64}") && shares.open(token).isPresent();
        privately(res);
        files.serve(req, res, StaticFiles.SHARE_PAGE, live ? 200 : 404);
    }

    private static void privately(ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.create("X-Robots-Tag"), "noindex, nofollow");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    }
}
