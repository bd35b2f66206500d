package com.researchassistant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.chat.ClientGone;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobRefused;
import com.researchassistant.research.Research;
import com.researchassistant.research.ResearchRejected;
import com.researchassistant.research.ResearchStatus;
import com.researchassistant.research.ResearchSummary;
import com.researchassistant.research.SourceKeeper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The research API: start a job in a conversation ({@code 202}), read it, follow its events as a
 * resumable server-sent event stream ({@code Last-Event-ID}), cancel it, and keep one of its
 * sources in the library. Another identity's job answers 404, like one that does not exist.
 */
final class ResearchHandler {

    private static final Logger log = LoggerFactory.getLogger(ResearchHandler.class);
    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final Research research;
    private final Identities identities;
    private final JsonBodies bodies;
    private final Heartbeat heartbeat;

    ResearchHandler(Research research, Identities identities, JsonBodies bodies, Heartbeat heartbeat) {
        this.research = research;
        this.identities = identities;
        this.bodies = bodies;
        this.heartbeat = heartbeat;
    }

    /** {@code POST /api/sessions/{id}/research} {@code {"question","depth","sources"}}. */
    void start(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        String question = JsonBodies.requiredString(body, "question");
        String depth = JsonBodies.optionalString(body, "depth").orElse("standard");
        Job job = start(owner, Optional.of(PathIds.session(req)), question, depth, strings(body, "sources"));
        res.header(HeaderNames.LOCATION, "/api/research/" + job.id());
        Responses.json(req, res, 202, research.status(owner, job.id()).orElseThrow());
    }

    /** Starts a job, turning refusals into API errors: 400 for bad input, 429 beyond the limits. */
    Job start(String owner, Optional<String> sessionId, String question, String depth, List<String> sources) {
        try {
            return research.start(owner, sessionId, question, depth, sources);
        } catch (ResearchRejected e) {
            throw ApiException.badRequest("invalid_field", e.getMessage());
        } catch (JobRefused e) {
            throw switch (e.reason()) {
                case PER_IDENTITY ->
                    new ApiException(
                            429,
                            "too_many_research_jobs",
                            "You already have " + e.limit()
                                    + " research job(s) running; wait for one to finish or cancel it.",
                            e.retryAfterSeconds());
                case QUEUE_FULL ->
                    new ApiException(
                            429,
                            "research_busy",
                            "The server is running as much research as it can. Please retry shortly.",
                            e.retryAfterSeconds());
            };
        }
    }

    /** {@code GET /api/sessions/{id}/research}: the conversation's research jobs, newest first. */
    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(req, res, 200, new JobList(research.inSession(owner, PathIds.session(req))));
    }

    /** {@code GET /api/research/sources}: the ids a job may search ({@code RA_RESEARCH_SOURCES}), in order. */
    void sources(ServerRequest req, ServerResponse res) {
        identities.resolve(req, res);
        Responses.json(req, res, 200, Map.of("sources", research.sources()));
    }

    record JobList(List<ResearchSummary> jobs) {}

    /** {@code GET /api/research/{job}}. */
    void get(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(req, res, 200, find(owner, jobId(req)));
    }

    /** {@code GET /api/research/{job}/events}: every event after {@code Last-Event-ID} (or {@code ?after=}), then the rest live. */
    void events(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String jobId = jobId(req);
        long after = after(req);
        find(owner, jobId);
        SseWriter.streamHeaders(res);
        try (SseWriter sse = new SseWriter(res.outputStream(), heartbeat, Thread.currentThread())) {
            sse.comment("stream open");
            sse.startHeartbeat();
            research.follow(owner, jobId, after, heartbeat.interval(), e -> sse.event(e.seq(), e.name(), e.data()));
        } catch (ClientGone | InterruptedException e) {
            log.debug("research job {}: the events' client left", jobId);
        } finally {
            Thread.interrupted();
        }
    }

    /** {@code POST /api/research/{job}/cancel}: 202 when a running job was asked to stop, 200 when it had ended. */
    void cancel(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String jobId = jobId(req);
        if (research.cancel(owner, jobId)) {
            Responses.json(req, res, 202, Map.of("cancelled", true));
            return;
        }
        Responses.json(
                req,
                res,
                200,
                Map.of("cancelled", false, "status", find(owner, jobId).status()));
    }

    /** {@code POST /api/research/{job}/sources/{n}/library}: keeps source n in the library (201). */
    void keep(ServerRequest req, ServerResponse res) throws InterruptedException {
        String owner = identities.resolve(req, res);
        String raw = req.path().pathParameters().get("n");
        int n;
        try {
            n = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_field", "The source number must be a whole number.");
        }
        switch (research.keep(owner, jobId(req), n)) {
            case SourceKeeper.Added added -> Responses.json(req, res, 201, Dto.DocumentDto.of(added.document()));
            case SourceKeeper.AlreadyInLibrary already ->
                throw new ApiException(
                        409,
                        "already_in_library",
                        "This source is a document of your library already (" + already.documentId() + ").");
            case SourceKeeper.NotFound notFound -> throw ApiException.notFound(notFound.what());
        }
    }

    private ResearchStatus find(String owner, String jobId) {
        return research.status(owner, jobId).orElseThrow(() -> ApiException.notFound("research job"));
    }

    private static String jobId(ServerRequest req) {
        return PathIds.named(req, "job", "research job");
    }

    private static long after(ServerRequest req) {
        Optional<String> raw = req.headers()
                .first(HeaderNames.create(LAST_EVENT_ID))
                .or(() -> req.query().first("after").asOptional());
        if (raw.isEmpty() || raw.get().isBlank()) {
            return 0;
        }
        try {
            long after = Long.parseLong(raw.get().strip());
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiException.badRequest("invalid_field", "Last-Event-ID must be the id of an event: a whole number.");
    }

    private static List<String> strings(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.badRequest("invalid_field", "'" + field + "' must be an array of strings.");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("invalid_field", "'" + field + "' must be an array of strings.");
            }
            out.add(item.asText());
        }
        return out;
    }
}
