package com.researchassistant.research;

import com.researchassistant.chat.TraceStep;
import com.researchassistant.embed.Embedder;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.text.Sentences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Step 5, write: each section from the passages of the job's index closest to its sub-question,
 * streamed as it is written, every claim cited {@code [n]}; then the section on what the sources
 * disagree on and leave out. A section the model cannot write (none configured, failing, or the
 * budget spent) is made of the sources' own sentences, quoted and cited, and says so.
 */
final class Writer {

    static final String DISAGREEMENTS_TITLE = "What the sources disagree on, and what is missing";
    private static final int EXTRACT_SENTENCES = 2;
    private static final int EXTRACT_MIN_CHARS = 25;

    /** What one writing needs besides its section: the job's index, text rules, prompts, budget and events. */
    record Desk(
            String question,
            JobIndex index,
            ReportText text,
            Prompts prompts,
            Meter meter,
            Events events,
            Consumer<TraceStep> trace) {}

    private final ModelCalls calls;
    private final Embedder embedder;
    private final Clock clock;
    private final Duration deltaInterval;

    Writer(ModelCalls calls, Embedder embedder, Clock clock, Duration deltaInterval) {
        this.calls = calls;
        this.embedder = embedder;
        this.clock = clock;
        this.deltaInterval = deltaInterval;
    }

    Section finding(int section, String subQuestion, Desk desk) throws InterruptedException {
        List<Prompts.Excerpt> excerpts = excerpts(subQuestion, desk);
        return write(
                section,
                subQuestion,
                Section.FINDINGS,
                excerpts,
                desk,
                desk.prompts().section(desk.question(), subQuestion, excerpts));
    }

    Section disagreements(int section, List<Section> written, Desk desk) throws InterruptedException {
        List<Prompts.Excerpt> excerpts = excerpts(desk.question(), desk);
        StringBuilder drafts = new StringBuilder();
        written.forEach(s -> drafts.append(s.markdown()).append("\n\n"));
        return write(
                section,
                DISAGREEMENTS_TITLE,
                Section.DISAGREEMENTS,
                excerpts,
                desk,
                desk.prompts().disagreements(desk.question(), drafts.toString(), excerpts));
    }

    /** A section the job writes itself (about the report, the references), sent like the others. */
    Section rules(int section, String title, String kind, String body, Desk desk) {
        desk.events().sectionStarted(section, title, kind);
        SectionStream stream = new SectionStream(section, desk.events(), desk.text(), clock, deltaInterval);
        stream.accept(body);
        String text = stream.finish();
        desk.events().sectionDone(section, title, text.length(), "rules");
        return new Section(title, kind, text, "rules");
    }

    private Section write(
            int section, String title, String kind, List<Prompts.Excerpt> excerpts, Desk desk, List<ChatMessage> prompt)
            throws InterruptedException {
        Instant start = clock.instant();
        desk.events().sectionStarted(section, title, kind);
        SectionStream stream = new SectionStream(section, desk.events(), desk.text(), clock, deltaInterval);
        Written written;
        if (excerpts.isEmpty()) {
            stream.accept("The sources read do not address this.");
            written = new Written(
                    "rules",
                    TraceStep.withoutModel("write", took(start), TraceStep.Outcome.SKIPPED, title + ": no passages"));
        } else {
            ModelCalls.Reply reply;
            try {
                reply = calls.call(desk.meter(), prompt, desk.meter().budget().sectionTokens(), stream);
            } catch (InterruptedException e) {
                throw new SectionCut(e, () -> partial(section, title, kind, stream, desk));
            }
            written = settle(reply, title, stream, excerpts, desk.meter(), start);
        }
        String text = stream.finish();
        desk.trace().accept(written.step());
        desk.events().sectionDone(section, title, text.length(), written.method());
        return new Section(title, kind, text, written.method());
    }

    /** What a stopped section had streamed, ended as a section of its own; empty when it had nothing. */
    private static Optional<Section> partial(int section, String title, String kind, SectionStream stream, Desk desk) {
        if (!stream.hasText()) {
            return Optional.empty();
        }
        String text = stream.finish();
        desk.events().sectionDone(section, title, text.length(), "model_partial");
        return Optional.of(new Section(title, kind, text, "model_partial"));
    }

    /** How a section came to be written, and its trace entry. */
    private record Written(String method, TraceStep step) {}

    /** Completes the section after the model's reply: quotes of the sources stand in for a model that could not write. */
    private Written settle(
            ModelCalls.Reply reply,
            String title,
            SectionStream stream,
            List<Prompts.Excerpt> excerpts,
            Meter meter,
            Instant start) {
        return switch (reply) {
            case ModelCalls.Answered answered ->
                new Written(
                        !stream.hasText() && extract(stream, excerpts) ? "extract" : "model",
                        TraceStep.withModel(
                                "write",
                                answered.took(),
                                answered.model(),
                                answered.usage(),
                                answered.fallbackUsed() ? TraceStep.Outcome.FALLBACK : TraceStep.Outcome.OK,
                                title));
            case ModelCalls.Skipped skipped -> {
                if (skipped.limit() != null) {
                    meter.cut("Section \"" + title + "\" is quoted from the sources: " + skipped.why() + ".");
                }
                extract(stream, excerpts);
                yield new Written(
                        "extract",
                        TraceStep.standIn(
                                "write", took(start), TraceStep.Outcome.FALLBACK, title + ": " + skipped.why()));
            }
            case ModelCalls.Failed failed -> {
                boolean partial = stream.hasText();
                if (!partial) {
                    extract(stream, excerpts);
                }
                yield new Written(
                        partial ? "model_partial" : "extract",
                        TraceStep.standIn(
                                "write", failed.took(), TraceStep.Outcome.FALLBACK, title + ": " + failed.why()));
            }
        };
    }

    private List<Prompts.Excerpt> excerpts(String query, Desk desk) {
        if (desk.index().isEmpty()) {
            return List.of();
        }
        return desk.index()
                .search(query, embedder.embed(query), desk.meter().budget().passagesPerSection());
    }

    /** Writes the first sentences of the best passages, quoted and cited; false when there were none. */
    private static boolean extract(SectionStream stream, List<Prompts.Excerpt> excerpts) {
        List<String> quotes = new ArrayList<>();
        Set<Integer> cited = new LinkedHashSet<>();
        for (Prompts.Excerpt excerpt : excerpts) {
            if (!cited.add(excerpt.number())) {
                continue;
            }
            List<String> sentences = Sentences.split(excerpt.text().replaceAll("\\s+", " ")).stream()
                    .filter(s -> s.length() >= EXTRACT_MIN_CHARS)
                    .limit(EXTRACT_SENTENCES)
                    .toList();
            if (!sentences.isEmpty()) {
                quotes.add("> " + Prompts.clean(String.join(" ", sentences)) + " [" + excerpt.number() + "]");
            }
        }
        if (quotes.isEmpty()) {
            return false;
        }
        stream.accept("No model could write this section, so here is what the sources themselves say:\n\n"
                + String.join("\n\n", quotes));
        return true;
    }

    private Duration took(Instant start) {
        Duration took = Duration.between(start, clock.instant());
        return took.isNegative() ? Duration.ZERO : took;
    }
}
