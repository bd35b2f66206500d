package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.session.Session;
import com.researchassistant.session.SessionStore;
import com.researchassistant.session.Turn;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;

/** The sessions API: create, list, read, delete, export. */
final class SessionHandler {

    static final String DEFAULT_TITLE = "New conversation";
    private static final int MAX_TITLE_CHARS = 200;

    private final SessionStore store;
    private final Identities identities;
    private final JsonBodies bodies;

    SessionHandler(SessionStore store, Identities identities, JsonBodies bodies) {
        this.store = store;
        this.identities = identities;
        this.bodies = bodies;
    }

    void create(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        String title = JsonBodies.optionalString(body, "title").map(String::strip).orElse("");
        if (title.length() > MAX_TITLE_CHARS) {
            throw ApiException.badRequest("invalid_field", "'title' must be at most " + MAX_TITLE_CHARS + " characters.");
        }
        Session session = store.create(owner, title.isEmpty() ? DEFAULT_TITLE : title);
        res.header(HeaderNames.LOCATION, "/api/sessions/" + session.id());
        Responses.json(req, res, 201, Dto.SessionDto.of(session));
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(req, res, 200,
                new Dto.SessionList(store.list(owner).stream().map(Dto.SessionSummaryDto::of).toList()));
    }

    void get(ServerRequest req, ServerResponse res) {
        Responses.json(req, res, 200, Dto.SessionDto.of(find(req, res)));
    }

    void delete(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        if (!store.delete(owner, sessionId(req))) {
            throw ApiException.notFound("session");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    void export(ServerRequest req, ServerResponse res) {
        Session session = find(req, res);
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"conversation-" + session.id() + ".md\"");
        Responses.send(req, res, 200, "text/markdown", markdown(session).getBytes(StandardCharsets.UTF_8));
    }

    private Session find(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        return store.find(owner, sessionId(req)).orElseThrow(() -> ApiException.notFound("session"));
    }

    static String sessionId(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    static String markdown(Session session) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(session.title().replace("\n", " ")).append("\n\n");
        md.append("_Exported from Research Assistant. Started ").append(session.createdAt()).append("._\n");
        for (Turn turn : session.turns()) {
            md.append("\n## ").append(switch (turn.body().role()) {
                case USER -> "You";
                case ASSISTANT -> "Assistant";
            });
            md.append(" · ").append(turn.createdAt()).append("\n\n");
            md.append(turn.body().content().strip()).append("\n");
            if (!turn.body().sources().isEmpty()) {
                md.append("\nSources:\n\n");
                turn.body().sources().forEach(src -> md.append("- [").append(src.number()).append("] ")
                        .append(src.title()).append(src.location().isEmpty() ? "" : ", " + src.location()).append('\n'));
            }
            switch (turn.body().status()) {
                case PARTIAL -> md.append("\n_(answer interrupted)_\n");
                case NOTICE -> md.append("\n_(server notice)_\n");
                case COMPLETE -> { }
            }
        }
        return md.toString();
    }
}
