package com.researchassistant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.ClientGone;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobEvent;
import com.researchassistant.research.Research;
import com.researchassistant.research.ResearchStatus;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model {@code research} of the OpenAI face: a chat completion that runs a research job on
 * the last user message and answers with its report, streamed section by section or whole. The
 * job belongs to no conversation (OpenAI clients keep their own); a streaming client that leaves
 * cancels it. Admission is the research queue's, not chat's.
 */
final class ResearchCompletions {

    static final String MODEL = "research";
    private static final Logger log = LoggerFactory.getLogger(ResearchCompletions.class);

    private final Research research;
    private final ResearchHandler starter;
    private final Heartbeat heartbeat;

    ResearchCompletions(Research research, ResearchHandler starter, Heartbeat heartbeat) {
        this.research = research;
        this.starter = starter;
        this.heartbeat = heartbeat;
    }

    void answer(ServerRequest req, ServerResponse res, String owner, OpenAiCompletionRequest request)
            throws InterruptedException {
        Job job;
        try {
            job = starter.start(owner, Optional.empty(), request.message(), "standard", List.of());
        } catch (ApiException e) {
            if (e.status() == 400) {
                throw OpenAiErrors.invalid("messages", e.getMessage());
            }
            throw e;
        }
        OpenAiReplies replies = OpenAiReplies.start(MODEL, heartbeat.clock().millis() / 1000);
        if (request.stream()) {
            stream(res, owner, job, replies, request.includeUsage());
        } else {
            reply(req, res, owner, job, replies);
        }
    }

    private void stream(ServerResponse res, String owner, Job job, OpenAiReplies replies, boolean includeUsage) {
        SseWriter.streamHeaders(res);
        try (SseWriter sse = new SseWriter(res.outputStream(), heartbeat, Thread.currentThread())) {
            sse.data(Json.text(replies.role()));
            sse.startHeartbeat();
            boolean[] first = {true};
            Optional<JobEvent> end = research.follow(owner, job.id(), 0, heartbeat.interval(), event -> {
                JsonNode data = tree(event.data());
                if (event.name().equals("section_started")) {
                    String heading = (first[0] ? "" : "\n\n") + "## "
                            + data.path("title").asText() + "\n\n";
                    first[0] = false;
                    sse.data(Json.text(replies.content(heading)));
                } else if (event.name().equals("section_delta")) {
                    sse.data(Json.text(replies.content(data.path("text").asText())));
                }
            });
            if (end.isPresent() && end.get().name().equals("done")) {
                ChatEvent.Done done = done(owner, job);
                sse.data(Json.text(replies.finish(done, research.reportSources(owner, job.id()))));
                if (includeUsage) {
                    sse.data(Json.text(replies.usage(done)));
                }
            } else {
                sse.data(Json.text(OpenAiErrors.of(failure(end))));
            }
            sse.data(OpenAiStreamSink.DONE);
        } catch (ClientGone | InterruptedException e) {
            log.debug("research completion {}: the client left; cancelling its job", job.id());
            Thread.interrupted();
            research.cancel(owner, job.id());
        }
    }

    private void reply(ServerRequest req, ServerResponse res, String owner, Job job, OpenAiReplies replies)
            throws InterruptedException {
        Optional<JobEvent> end = research.follow(owner, job.id(), 0, heartbeat.interval(), event -> {});
        if (end.isEmpty() || !end.get().name().equals("done")) {
            ChatEvent.Failed failed = failure(end);
            Responses.json(req, res, ErrorMapper.status(failed.reason()), OpenAiErrors.of(failed));
            return;
        }
        ResearchStatus status = research.status(owner, job.id()).orElseThrow();
        Responses.json(
                req,
                res,
                200,
                replies.completion(
                        status.report().content(), done(owner, job), research.reportSources(owner, job.id())));
    }

    private ChatEvent.Done done(String owner, Job job) {
        ResearchStatus.Spending spent =
                research.status(owner, job.id()).map(ResearchStatus::spending).orElseThrow();
        return new ChatEvent.Done(
                job.id(),
                "stop",
                (int) spent.promptTokens(),
                (int) spent.completionTokens(),
                0,
                spent.elapsedMillis(),
                "");
    }

    private static ChatEvent.Failed failure(Optional<JobEvent> end) {
        String message = end.map(e -> tree(e.data()).path("message").asText(""))
                .filter(m -> !m.isEmpty())
                .orElse("The research job did not finish.");
        return new ChatEvent.Failed("research_failed", message, "", ChatEvent.Reason.UPSTREAM);
    }

    static boolean wants(OpenAiCompletionRequest request) {
        return request.model().filter(MODEL::equals).isPresent();
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
