package com.researchassistant.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.researchassistant.chat.AnswerTrace;
import com.researchassistant.chat.ChatEvent;
import com.researchassistant.chat.NewTurn;
import com.researchassistant.chat.SafetyNote;
import com.researchassistant.chat.Session;
import com.researchassistant.chat.SessionSummary;
import com.researchassistant.chat.Source;
import com.researchassistant.chat.TraceStep;
import com.researchassistant.chat.Turn;
import com.researchassistant.imports.FileUpdate;
import com.researchassistant.imports.ImportState;
import com.researchassistant.imports.Totals;
import com.researchassistant.library.Document;
import com.researchassistant.retrieve.ScoredPassage;
import com.researchassistant.verify.CitationEdit;
import com.researchassistant.verify.ClaimVerdict;
import com.researchassistant.verify.Verification;
import java.util.List;
import java.util.Locale;

/** The JSON shapes of the HTTP API. */
final class Dto {

    private Dto() {}

    record ErrorBody(ErrorDetail error) {}

    record ErrorDetail(String code, String message) {}

    static ErrorBody error(String code, String message) {
        return new ErrorBody(new ErrorDetail(code, message));
    }

    record SessionSummaryDto(String id, String title, String createdAt, String updatedAt, int messageCount) {
        static SessionSummaryDto of(SessionSummary s) {
            return new SessionSummaryDto(
                    s.id(), s.title(), s.createdAt().toString(), s.updatedAt().toString(), s.turnCount());
        }
    }

    record SessionList(List<SessionSummaryDto> sessions) {}

    /** @param answering whether an answer for this session is still being produced */
    record SessionDto(
            String id, String title, String createdAt, String updatedAt, boolean answering, List<MessageDto> messages) {
        static SessionDto of(Session s, boolean answering) {
            return new SessionDto(
                    s.id(),
                    s.title(),
                    s.createdAt().toString(),
                    s.updatedAt().toString(),
                    answering,
                    s.turns().stream().map(MessageDto::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageDto(
            String id,
            String role,
            String content,
            String status,
            String createdAt,
            String model,
            String profile,
            UsageDto usage,
            Long latencyMs,
            List<SourceDto> sources,
            AnswerTrace trace,
            CitationsDto citations) {
        static MessageDto of(Turn t) {
            NewTurn b = t.body();
            boolean assistant = b.role() == NewTurn.Role.ASSISTANT;
            return new MessageDto(
                    t.id(),
                    lower(b.role()),
                    b.content(),
                    lower(b.status()),
                    t.createdAt().toString(),
                    b.model().isEmpty() ? null : b.model(),
                    b.profile(),
                    assistant ? UsageDto.of(b.promptTokens(), b.completionTokens()) : null,
                    assistant ? b.latencyMillis() : null,
                    b.sources().isEmpty()
                            ? null
                            : b.sources().stream().map(SourceDto::of).toList(),
                    b.trace().present() ? b.trace() : null,
                    CitationsDto.of(b.citations()));
        }
    }

    /**
     * The check of an answer's citations: a verdict per checked sentence, its offsets (UTF-16
     * units, as JavaScript counts) into the stored text; the markers that named no source, with
     * offsets into the text as streamed, removed from the stored text.
     */
    record CitationsDto(List<ClaimDto> claims, List<RemovedDto> removed, int unchecked) {
        /** Null (left out of the JSON) when nothing was checked. */
        static CitationsDto of(Verification v) {
            return v.present()
                    ? new CitationsDto(
                            v.claims().stream().map(ClaimDto::of).toList(),
                            v.removed().stream().map(RemovedDto::of).toList(),
                            v.unchecked())
                    : null;
        }
    }

    /**
     * @param verdict "supported", "weak" or "unsupported"
     * @param reason "matches", "numbers_differ", "contradicts", "unrelated", "loose_match",
     *     "terms_missing" or "uncited_figures"
     */
    record ClaimDto(
            int start, int end, List<Integer> sources, String verdict, String reason, String note, double similarity) {
        static ClaimDto of(ClaimVerdict c) {
            return new ClaimDto(
                    c.start(), c.end(), c.sources(), lower(c.verdict()), lower(c.reason()), c.note(), c.similarity());
        }
    }

    /** A marker that named no source: text[start, end) as streamed became {@code replacement}. */
    record RemovedDto(List<Integer> numbers, int start, int end, String replacement) {
        static RemovedDto of(CitationEdit e) {
            return new RemovedDto(e.removed(), e.start(), e.end(), e.replacement());
        }
    }

    /** The {@code citations} event, sent after {@code done} when the answer's citations were checked. */
    record CitationsEvent(String messageId, List<ClaimDto> claims, List<RemovedDto> removed, int unchecked) {
        static CitationsEvent of(ChatEvent.Done d) {
            CitationsDto c = CitationsDto.of(d.citations());
            return new CitationsEvent(d.messageId(), c.claims(), c.removed(), c.unchecked());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UsageDto(Integer promptTokens, Integer completionTokens) {
        static UsageDto of(int prompt, int completion) {
            return new UsageDto(prompt < 0 ? null : prompt, completion < 0 ? null : completion);
        }
    }

    record TimingsDto(long firstTokenMs, long totalMs) {}

    record MetaEvent(String sessionId, String userMessageId, String profile, String model) {
        static MetaEvent of(ChatEvent.Meta m) {
            return new MetaEvent(m.sessionId(), m.userMessageId(), m.profile(), m.model());
        }
    }

    record TokenEvent(String text) {}

    /** @param method "rules" (at once, from the question) or "model" (the summary model's, later) */
    record TitleEvent(String title, String method) {
        static TitleEvent of(ChatEvent.Title t) {
            return new TitleEvent(t.title(), lower(t.method()));
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record DoneEvent(String messageId, String finishReason, UsageDto usage, TimingsDto timings, String notice) {
        static DoneEvent of(ChatEvent.Done d) {
            return new DoneEvent(
                    d.messageId(),
                    d.finishReason(),
                    UsageDto.of(d.promptTokens(), d.completionTokens()),
                    new TimingsDto(d.firstTokenMillis(), d.totalMillis()),
                    d.notice());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ErrorEvent(String code, String message, String messageId, int status) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ReplyMessage(
            String id,
            String role,
            String content,
            String status,
            String finishReason,
            String notice,
            List<SourceDto> sources,
            CitationsDto citations) {}

    /**
     * A cited passage.
     *
     * @param passage the library passage's ordinal in its document, for the source viewer; absent when unknown
     * @param authors with {@code year}, {@code venue}, {@code doi} and {@code url}: the reference, when known
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record SourceDto(
            int n,
            String kind,
            String documentId,
            String title,
            String location,
            String snippet,
            double score,
            Integer passage,
            List<String> authors,
            Integer year,
            String venue,
            String doi,
            String url) {
        static SourceDto of(Source s) {
            var r = s.reference();
            return new SourceDto(
                    s.number(),
                    s.kind(),
                    s.documentId(),
                    s.title(),
                    s.location(),
                    s.snippet(),
                    Math.round(s.score() * 10_000) / 10_000.0,
                    s.passage() == Source.NO_PASSAGE ? null : s.passage(),
                    r.authors(),
                    r.year() == 0 ? null : r.year(),
                    r.venue(),
                    r.doi(),
                    r.url());
        }
    }

    record SourcesEvent(List<SourceDto> sources) {
        static SourcesEvent of(List<Source> sources) {
            return new SourcesEvent(sources.stream().map(SourceDto::of).toList());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Reply(
            String sessionId,
            String userMessageId,
            ReplyMessage message,
            UsageDto usage,
            TimingsDto timings,
            PlanEvent plan,
            List<SafetyNote> safety,
            AnswerTrace trace) {}

    record PlanEvent(
            String intent,
            double intentConfidence,
            String secondaryIntent,
            String intentMethod,
            String expertise,
            String expertiseLabel,
            double expertiseRelevance) {
        static PlanEvent of(ChatEvent.Plan p) {
            return new PlanEvent(
                    p.intent().primary().id(),
                    p.intent().confidence(),
                    p.intent().secondary().map(i -> i.id()).orElse(""),
                    p.intent().method().id(),
                    p.expertise().id(),
                    p.expertise().label(),
                    p.expertise().relevance());
        }
    }

    record SafetyEvent(List<SafetyNote> notes) {}

    /**
     * One step of an answer's trace, as the web app's Trace panel reads it.
     *
     * @param startMillis when the step started, after the answer started; absent for traces stored
     *     before starts were recorded
     * @param promptTokens -1 when unknown or no model was called
     * @param outcome "ok", "fallback", "failed" or "skipped"
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TraceStepDto(
            String step,
            Long startMillis,
            long durationMillis,
            String model,
            int promptTokens,
            int completionTokens,
            boolean fallbackUsed,
            String outcome,
            String detail) {
        static TraceStepDto of(TraceStep s) {
            return new TraceStepDto(
                    s.step(),
                    s.placed() ? s.startMillis() : null,
                    s.durationMillis(),
                    s.model(),
                    s.usage().promptTokens(),
                    s.usage().completionTokens(),
                    s.fallbackUsed(),
                    lower(s.outcome()),
                    s.detail());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record FailedReply(ErrorDetail error, String sessionId, String userMessageId, String partialMessageId) {}

    /** A library document; {@code authors}, {@code year}, {@code venue}, {@code doi} and {@code url} when known. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record DocumentDto(
            String id,
            String title,
            String mediaType,
            long bytes,
            String status,
            int chunks,
            int chunksIndexed,
            double progress,
            String createdAt,
            String updatedAt,
            String failure,
            List<String> authors,
            Integer year,
            String venue,
            String doi,
            String url) {
        static DocumentDto of(Document d) {
            var m = d.metadata();
            return new DocumentDto(
                    d.id(),
                    d.title(),
                    d.mediaType(),
                    d.bytes(),
                    lower(d.status()),
                    d.chunkCount(),
                    d.chunksIndexed(),
                    Math.round(d.progress() * 1000) / 1000.0,
                    d.createdAt().toString(),
                    d.updatedAt().toString(),
                    d.failure().orElse(""),
                    m.authors(),
                    m.year().isPresent() ? m.year().getAsInt() : null,
                    m.venue().orElse(""),
                    m.doi().orElse(""),
                    m.url().orElse(""));
        }
    }

    record DocumentList(List<DocumentDto> documents) {}

    /** An import as {@code GET /api/library/imports/{id}} shows it. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ImportDto(
            String id,
            String status,
            String createdAt,
            String updatedAt,
            long lastEvent,
            List<String> files,
            Totals totals,
            List<FileUpdate> problems,
            int problemsOmitted,
            String failure) {
        static ImportDto of(ImportState s) {
            return new ImportDto(
                    s.id(),
                    s.status(),
                    s.createdAt().toString(),
                    s.updatedAt().toString(),
                    s.lastEvent(),
                    s.files(),
                    s.totals(),
                    s.problems(),
                    s.problemsOmitted(),
                    s.failure().orElse(""));
        }
    }

    record ImportList(List<ImportDto> imports) {}

    record SearchHit(String documentId, String title, int chunk, String location, String text, double score) {
        static SearchHit of(ScoredPassage s) {
            var p = s.passage();
            return new SearchHit(
                    p.documentId(),
                    p.documentTitle(),
                    p.ordinal(),
                    p.location(),
                    p.text(),
                    Math.round(s.score() * 10_000) / 10_000.0);
        }
    }

    record SearchResults(List<SearchHit> results) {}

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
