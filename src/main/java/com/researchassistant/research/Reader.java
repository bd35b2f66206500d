package com.researchassistant.research;

import com.researchassistant.chat.TraceStep;
import com.researchassistant.embed.Embedder;
import com.researchassistant.fetch.FetchException;
import com.researchassistant.fetch.Fetched;
import com.researchassistant.fetch.Fetcher;
import com.researchassistant.library.LibraryException;
import com.researchassistant.library.PassageReader;
import com.researchassistant.library.Upload;
import com.researchassistant.retrieve.Passage;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Step 4, read: each selected source's open-access full text (or, for a web result, the page
 * itself) through the guarded {@link Fetcher}, parsed with the library's parsers (HTML with
 * jsoup, PDF with PDFBox), chunked and embedded into the job's {@link JobIndex}; its abstract when
 * there is no full text or it cannot be had. Only URLs a provider gave are fetched, never a link
 * found inside a page. Sources are read in parallel under the job's concurrency cap.
 */
final class Reader {

    /** How a source was read, as the {@code read} event says. */
    record Text(ReportSource source, String how, List<String> chunks, String reason) {}

    private final Fetcher fetcher;
    private final PassageReader passages;
    private final Embedder embedder;
    private final Parallel parallel;
    private final int chunksPerSource;
    private final Clock clock;

    Reader(
            Fetcher fetcher,
            PassageReader passages,
            Embedder embedder,
            Parallel parallel,
            int chunksPerSource,
            Clock clock) {
        this.fetcher = fetcher;
        this.passages = passages;
        this.embedder = embedder;
        this.parallel = parallel;
        this.chunksPerSource = chunksPerSource;
        this.clock = clock;
    }

    /** The job's index, and how each source was read, by its number. */
    record Reading(JobIndex index, Map<Integer, String> how) {
        Reading {
            how = Map.copyOf(how);
        }
    }

    /** Reads every source into a new index. */
    Reading read(List<ReportSource> sources, Meter meter, Events events, Consumer<TraceStep> trace)
            throws InterruptedException {
        Instant start = clock.instant();
        JobIndex index = new JobIndex(embedder.dimensions());
        Map<Integer, String> how = new ConcurrentHashMap<>();
        sources.forEach(source -> how.put(source.number(), "title_only"));
        AtomicInteger done = new AtomicInteger();
        List<Callable<Text>> tasks = new ArrayList<>();
        for (ReportSource source : sources) {
            tasks.add(() -> {
                Text text = text(source, meter);
                embed(index, text);
                how.put(source.number(), text.how());
                events.read(
                        source,
                        text.how(),
                        text.chunks().size(),
                        done.incrementAndGet(),
                        sources.size(),
                        text.reason());
                return text;
            });
        }
        int full = 0;
        int unread = 0;
        for (Parallel.Outcome<Text> outcome : parallel.run(tasks, meter::remaining)) {
            switch (outcome) {
                case Parallel.Done<Text> read -> full += read.value().how().equals("full_text") ? 1 : 0;
                case Parallel.TimedOut<Text> late -> {
                    unread++;
                    meter.cut("Some sources could not be read within the time budget.");
                }
                case Parallel.Failed<Text> failed -> unread++;
            }
        }
        String detail = sources.size() + " sources, " + full + " in full text, " + index.passages() + " passages"
                + (unread > 0 ? ", " + unread + " not read" : "");
        trace.accept(TraceStep.withoutModel(
                "read",
                Duration.between(start, clock.instant()),
                sources.isEmpty() ? TraceStep.Outcome.SKIPPED : TraceStep.Outcome.OK,
                detail));
        return new Reading(index, how);
    }

    private Text text(ReportSource source, Meter meter) throws InterruptedException {
        if (!meter.takeRead()) {
            return new Text(source, "title_only", List.of(), "the budget of sources read was spent");
        }
        if (source.kind().equals(ReportSource.LIBRARY)) {
            return new Text(source, "library", cap(List.of(source.abstractText().split("\\n\\n"))), "");
        }
        Optional<String> url = fetchable(source);
        String reason = "no open-access full text";
        if (url.isPresent()) {
            try {
                Fetched fetched = fetcher.fetch(URI.create(url.get()), meter.remaining());
                List<String> chunks = chunks(source, fetched);
                if (!chunks.isEmpty()) {
                    return new Text(source, "full_text", cap(chunks), "");
                }
                reason = "the full text held no text";
            } catch (FetchException e) {
                reason = "full text not fetched (" + e.kind().name().toLowerCase(Locale.ROOT) + ")";
            } catch (LibraryException e) {
                reason = "full text not readable";
            } catch (IllegalArgumentException e) {
                reason = "the full text's address is not valid";
            }
        }
        return abstractOf(source, reason);
    }

    /** The one URL of a source that may be fetched: the provider's full text, or a web result's page. */
    static Optional<String> fetchable(ReportSource source) {
        if (!source.fullTextUrl().isBlank()) {
            return Optional.of(source.fullTextUrl());
        }
        return source.kind().equals(ReportSource.WEB) && !source.url().isBlank()
                ? Optional.of(source.url())
                : Optional.empty();
    }

    private List<String> chunks(ReportSource source, Fetched fetched) {
        String path = fetched.url().getPath() == null ? "" : fetched.url().getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        Upload upload = new Upload(
                Optional.of(name.isEmpty() ? "source" : name),
                Optional.of(fetched.mediaType()),
                Optional.of(source.title()),
                new Upload.Bytes(fetched.body()));
        return passages.read(upload, "job", Integer.toString(source.number()), source.title()).stream()
                .map(Passage::text)
                .filter(text -> !text.isBlank())
                .toList();
    }

    private Text abstractOf(ReportSource source, String reason) {
        if (source.abstractText().isBlank()) {
            return new Text(source, "title_only", List.of(), reason);
        }
        return new Text(source, "abstract", List.of(source.abstractText().strip()), reason);
    }

    private List<String> cap(List<String> chunks) {
        List<String> kept = chunks.stream().filter(text -> !text.isBlank()).toList();
        return kept.size() > chunksPerSource ? kept.subList(0, chunksPerSource) : kept;
    }

    private void embed(JobIndex index, Text text) {
        if (!text.chunks().isEmpty()) {
            index.add(text.source(), text.chunks(), embedder.embedAll(text.chunks()));
        }
    }
}
