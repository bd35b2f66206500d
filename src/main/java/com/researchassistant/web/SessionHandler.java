package com.researchassistant.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.answers.RunningAnswers;
import com.researchassistant.chat.ChatService;
import com.researchassistant.chat.Reference;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.Turn;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sessions API: create, list, read, rename, delete, export, and stopping an answer. */
final class SessionHandler {

    static final String DEFAULT_TITLE = ChatService.DEFAULT_TITLE;
    private static final int MAX_TITLE_CHARS = 200;

    private final SessionStore store;
    private final Identities identities;
    private final JsonBodies bodies;
    private final RunningAnswers running;

    SessionHandler(SessionStore store, Identities identities, JsonBodies bodies, RunningAnswers running) {
        this.store = store;
        this.identities = identities;
        this.bodies = bodies;
        this.running = running;
    }

    void create(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        String title = title(JsonBodies.optionalString(body, "title").orElse(""));
        Session session = store.create(owner, title.isEmpty() ? DEFAULT_TITLE : title);
        res.header(HeaderNames.LOCATION, "/api/sessions/" + session.id());
        Responses.json(req, res, 201, Dto.SessionDto.of(session, false));
    }

    /** {@code PATCH /api/sessions/{id}} with {@code {"title":"..."}}. */
    void rename(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        String title = title(JsonBodies.requiredString(body, "title"));
        if (title.isEmpty()) {
            throw ApiException.badRequest("invalid_field", "'title' must not be empty.");
        }
        SessionSummary renamed =
                store.rename(owner, PathIds.session(req), title).orElseThrow(() -> ApiException.notFound("session"));
        Responses.json(req, res, 200, Dto.SessionSummaryDto.of(renamed));
    }

    /**
     * {@code POST /api/sessions/{id}/cancel}: stops the answer being produced for the session, if
     * any; what was written so far is stored as a partial answer. Answers whether one was running.
     */
    void cancel(ServerRequest req, ServerResponse res) {
        Session session = find(req, res);
        boolean cancelled = running.cancel(session.id());
        Responses.json(req, res, cancelled ? 202 : 200, Map.of("cancelled", cancelled));
    }

    private static String title(String raw) {
        String title = raw.strip();
        if (title.length() > MAX_TITLE_CHARS) {
            throw ApiException.badRequest(
                    "invalid_field", "'title' must be at most " + MAX_TITLE_CHARS + " characters.");
        }
        if (title.indexOf('\0') >= 0) {
            throw ApiException.badRequest("invalid_field", "'title' must not contain NUL characters.");
        }
        return title;
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(
                req,
                res,
                200,
                new Dto.SessionList(store.list(owner).stream()
                        .map(Dto.SessionSummaryDto::of)
                        .toList()));
    }

    void get(ServerRequest req, ServerResponse res) {
        Session session = find(req, res);
        Responses.json(req, res, 200, Dto.SessionDto.of(session, running.answering(session.id())));
    }

    void delete(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        if (!store.delete(owner, PathIds.session(req))) {
            throw ApiException.notFound("session");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /**
     * {@code GET /api/sessions/{id}/export}: the conversation as Markdown, or with {@code
     * ?format=bibtex} the library documents its answers cited (one answer's with {@code &message=id}).
     */
    void export(ServerRequest req, ServerResponse res) {
        Session session = find(req, res);
        String format = req.query().first("format").orElse("markdown");
        switch (format) {
            case "markdown", "md" -> {
                res.header(
                        HeaderNames.CONTENT_DISPOSITION,
                        "attachment; filename=\"conversation-" + session.id() + ".md\"");
                Responses.send(req, res, 200, "text/markdown", markdown(session).getBytes(StandardCharsets.UTF_8));
            }
            case "bibtex", "bib" -> {
                Optional<String> message = req.query().first("message").asOptional();
                List<Source> cited = session.turns().stream()
                        .filter(t -> message.map(id -> id.equals(t.id())).orElse(true))
                        .flatMap(t -> t.body().sources().stream())
                        .toList();
                if (message.isPresent() && session.turns().stream().noneMatch(t -> t.id().equals(message.get()))) {
                    throw ApiException.notFound("message");
                }
                res.header(
                        HeaderNames.CONTENT_DISPOSITION,
                        "attachment; filename=\"references-" + message.orElse(session.id()) + ".bib\"");
                Responses.send(
                        req,
                        res,
                        200,
                        "application/x-bibtex",
                        BibtexExport.of(cited).getBytes(StandardCharsets.UTF_8));
            }
            default -> throw ApiException.badRequest("invalid_field", "'format' must be markdown or bibtex.");
        }
    }

    private Session find(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        return store.find(owner, PathIds.session(req)).orElseThrow(() -> ApiException.notFound("session"));
    }

    /** " — Smith, Jane; Lee, Kim (2020). Journal. https://doi.org/..." for a source with a reference. */
    private static String byline(Reference r) {
        if (!r.present()) {
            return "";
        }
        StringBuilder line = new StringBuilder(" —");
        if (!r.authors().isEmpty()) {
            line.append(' ').append(String.join("; ", r.authors()));
        }
        if (r.year() != 0) {
            line.append(" (").append(r.year()).append(')');
        }
        if (!r.venue().isEmpty()) {
            line.append(". ").append(r.venue());
        }
        if (!r.doi().isEmpty()) {
            line.append(". https://doi.org/").append(r.doi());
        } else if (!r.url().isEmpty()) {
            line.append(". ").append(r.url());
        }
        return line.toString();
    }

    static String markdown(Session session) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(session.title().replace("\n", " ")).append("\n\n");
        md.append("_Exported from Research Assistant. Started ")
                .append(session.createdAt())
                .append("._\n");
        for (Turn turn : session.turns()) {
            md.append("\n## ")
                    .append(
                            switch (turn.body().role()) {
                                case USER -> "You";
                                case ASSISTANT -> "Assistant";
                            });
            md.append(" · ").append(turn.createdAt()).append("\n\n");
            md.append(turn.body().content().strip()).append("\n");
            if (!turn.body().sources().isEmpty()) {
                md.append("\nSources:\n\n");
                turn.body()
                        .sources()
                        .forEach(src -> md.append("- [")
                                .append(src.number())
                                .append("] ")
                                .append(src.title())
                                .append(byline(src.reference()))
                                .append(src.location().isEmpty() ? "" : ", " + src.location())
                                .append('\n'));
            }
            md.append(CitationNotes.markdown(turn.body()));
            switch (turn.body().status()) {
                case PARTIAL -> md.append("\n_(answer interrupted)_\n");
                case NOTICE -> md.append("\n_(server notice)_\n");
                case COMPLETE -> {}
            }
        }
        return md.toString();
    }
}
