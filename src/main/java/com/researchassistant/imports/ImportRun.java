package com.researchassistant.imports;

import com.researchassistant.job.JobContext;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.library.Library;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an import over its plan, from the checkpoint's entry on. {@link #READERS} threads
 * read entries and take them into the library side by side (as several clients of the
 * one-document API would, so the indexing underneath has as much to work on), while this thread
 * records the outcomes in entry order: up to {@link ImportSettings#window()} entries are in hand
 * at once, read or waiting for their indexing, and an entry counts as indexed once its document
 * is ready. Progress is reported, and the checkpoint written, at most every {@link
 * ImportSettings#flushEvery()} (and at the end), so a large import costs a few writes a second,
 * not several per entry.
 */
final class ImportRun {

    /** Names listed in the {@code started} event: enough for a phone's list of picked files. */
    static final int NAMES_LISTED = 200;
    /** Entries read and taken in at once. */
    static final int READERS = 4;

    private static final Logger log = LoggerFactory.getLogger(ImportRun.class);

    /**
     * The {@code started} event of each run.
     *
     * @param resumedFrom the entry this run starts at: 0 for a first run
     * @param names the first {@value #NAMES_LISTED} entries' names
     */
    record Started(int entries, int resumedFrom, List<String> names) {}

    /** An entry in hand: being read, or waiting for its document's indexing. */
    private record InHand(FileUpdate parsing, Future<EntryReader.Outcome> read) {}

    private final JobContext context;
    private final Library library;
    private final List<Step> steps;
    private final ImportProgress progress;
    private final ImportSettings settings;
    private final EntryReader reader;
    private final Clock clock;
    private final ArrayDeque<InHand> inHand = new ArrayDeque<>();
    private final String owner;
    private Instant lastFlush;
    private Duration waited = Duration.ZERO;

    ImportRun(
            JobContext context,
            Library library,
            List<Step> steps,
            ImportProgress progress,
            ImportSettings settings,
            Path workDir) {
        this.context = context;
        this.library = library;
        this.steps = steps;
        this.progress = progress;
        this.settings = settings;
        this.owner = context.job().owner();
        this.reader = new EntryReader(library, owner, context.job().id(), workDir, new Turns(progress.next()));
        this.clock = context.clock();
        this.lastFlush = clock.instant();
    }

    /**
     * Goes through the entries; returns when all are done or the import was cancelled.
     *
     * @throws InterruptedException when the server stops: the import resumes from its checkpoint
     */
    void run() throws InterruptedException {
        int startedAt = progress.next();
        Instant start = clock.instant();
        progress.entries(steps.size());
        context.emit(
                "started",
                ImportProgress.write(new Started(
                        steps.size(),
                        progress.next(),
                        steps.stream().limit(NAMES_LISTED).map(Step::name).toList())));
        ExecutorService readers = Executors.newFixedThreadPool(
                READERS, Thread.ofVirtual().name("import-read-", 0).factory());
        try {
            for (int i = progress.next(); i < steps.size() && !stopping(); i++) {
                Step step = steps.get(i);
                FileUpdate parsing = FileUpdate.of(i, step.name(), FileStatus.PARSING);
                progress.update(parsing);
                inHand.add(new InHand(parsing, readers.submit(() -> reader.read(step, parsing))));
                while (inHand.size() > settings.window() || (!inHand.isEmpty() && settled(inHand.peek()))) {
                    settle(inHand.poll());
                }
                flushIfDue();
            }
            while (!inHand.isEmpty() && !stopping()) {
                settle(inHand.poll());
                flushIfDue();
            }
        } catch (InterruptedException e) {
            if (!context.cancelled()) {
                readers.shutdownNow();
                flush();
                throw e;
            }
        } finally {
            readers.shutdown();
        }
        Thread.interrupted(); // a cancel interrupted this thread: the last writes must go through
        finishCancelled();
        flush();
        log.info(
                "Import {}: {} entries in {} ms, {} ms of it waiting for indexing",
                context.job().id(),
                steps.size() - startedAt,
                Duration.between(start, clock.instant()).toMillis(),
                waited.toMillis());
    }

    private boolean stopping() throws InterruptedException {
        if (context.cancelled()) {
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("the server is stopping");
        }
        return false;
    }

    /** Whether the entry has been read and its document, if any, indexed. */
    private static boolean settled(InHand entry) {
        if (!entry.read().isDone()) {
            return false;
        }
        try {
            return !(entry.read().get() instanceof EntryReader.Outcome.Indexing indexing)
                    || indexing.indexing().isDone();
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Waits for the entry's reading and its document's indexing, and records how it ended. */
    private void settle(InHand entry) throws InterruptedException {
        Instant started = clock.instant();
        try {
            switch (read(entry)) {
                case EntryReader.Outcome.Done done -> progress.finish(done.update());
                case EntryReader.Outcome.Indexing indexing -> indexed(indexing);
            }
        } catch (InterruptedException e) {
            inHand.addFirst(entry);
            throw e;
        } finally {
            waited = waited.plus(Duration.between(started, clock.instant()));
        }
    }

    private static EntryReader.Outcome read(InHand entry) throws InterruptedException {
        try {
            return entry.read().get();
        } catch (ExecutionException e) {
            return new EntryReader.Outcome.Done(
                    FileUpdate.of(entry.parsing().index(), entry.parsing().name(), FileStatus.FAILED)
                            .because("It could not be read (" + e.getCause().getMessage() + ")."));
        }
    }

    private void indexed(EntryReader.Outcome.Indexing indexing) throws InterruptedException {
        FileUpdate update = indexing.update();
        String id = indexing.document().id();
        try {
            indexing.indexing().get();
        } catch (ExecutionException e) {
            progress.finish(FileUpdate.of(update.index(), update.name(), FileStatus.FAILED)
                    .because("Indexing failed; import the file again."));
            return;
        }
        Document document = library.find(owner, id).orElse(indexing.document());
        if (document.status() == DocumentStatus.FAILED) {
            progress.finish(FileUpdate.of(update.index(), update.name(), FileStatus.FAILED)
                    .because(document.failure().orElse("Indexing failed.")));
        } else {
            progress.finish(update.document(id));
        }
    }

    /**
     * After a cancel: the entries already read are recorded as they came out (a document taken in
     * stays, and counts, while its indexing goes on); those still being read are left undone.
     */
    private void finishCancelled() {
        for (InHand entry : inHand) {
            if (!entry.read().isDone()) {
                continue;
            }
            try {
                switch (entry.read().get()) {
                    case EntryReader.Outcome.Done done -> progress.finish(done.update());
                    case EntryReader.Outcome.Indexing indexing ->
                        progress.finish(
                                indexing.update().document(indexing.document().id()));
                }
            } catch (ExecutionException e) {
                // left undone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        inHand.clear();
    }

    private void flushIfDue() {
        if (!clock.instant().isBefore(lastFlush.plus(settings.flushEvery()))) {
            flush();
        }
    }

    private void flush() {
        lastFlush = clock.instant();
        if (progress.hasPending()) {
            context.emit("progress", progress.report());
        }
        context.checkpoint(progress.checkpoint());
    }
}
