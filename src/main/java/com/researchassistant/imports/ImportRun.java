package com.researchassistant.imports;

import com.researchassistant.job.JobContext;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentRejected;
import com.researchassistant.library.DocumentStatus;
import com.researchassistant.library.Intake;
import com.researchassistant.library.Library;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * One run of an import over its plan, from the checkpoint's entry on. Each entry is read and taken
 * into the library on this thread while the library indexes the entries before it: up to {@link
 * ImportSettings#window()} documents wait for their indexing at once, and an entry counts as
 * indexed once its document is ready. Progress is reported, and the checkpoint written, at most
 * every {@link ImportSettings#flushEvery()} (and at the end), so a large import costs a few writes
 * a second, not several per entry.
 */
final class ImportRun {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ImportRun.class);

    /** Names listed in the {@code started} event: enough for a phone's list of picked files. */
    static final int NAMES_LISTED = 200;

    /**
     * The {@code started} event of each run.
     *
     * @param resumedFrom the entry this run starts at: 0 for a first run
     * @param names the first {@value #NAMES_LISTED} entries' names
     */
    record Started(int entries, int resumedFrom, List<String> names) {}

    /** A document taken in whose indexing has not ended yet. */
    private record Waiting(FileUpdate update, Intake.Added added) {}

    private final JobContext context;
    private final Library library;
    private final List<Step> steps;
    private final ImportProgress progress;
    private final ImportSettings settings;
    private final EntryReader reader;
    private final Clock clock;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final String owner;
    private Instant lastFlush;
    /** Time spent reading entries and taking them in, and waiting for their indexing: for the log. */
    private Duration reading = Duration.ZERO;
    private Duration waitingForIndex = Duration.ZERO;

    ImportRun(JobContext context, Library library, List<Step> steps, ImportProgress progress,
            ImportSettings settings, Path workDir) {
        this.context = context;
        this.library = library;
        this.steps = steps;
        this.progress = progress;
        this.settings = settings;
        this.owner = context.job().owner();
        this.reader = new EntryReader(library, owner, context.job().id(), workDir);
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
        progress.entries(steps.size());
        context.emit("started", ImportProgress.write(new Started(steps.size(), progress.next(),
                steps.stream().limit(NAMES_LISTED).map(Step::name).toList())));
        try {
            for (int i = progress.next(); i < steps.size() && !stopping(); i++) {
                step(i, steps.get(i));
                settleReady();
                flushIfDue();
            }
            while (!waiting.isEmpty() && !stopping()) {
                settle(waiting.poll());
            }
        } catch (InterruptedException e) {
            if (!context.cancelled()) {
                flush();
                throw e;
            }
        }
        Thread.interrupted(); // a cancel interrupted this thread: the last writes must go through
        waiting.forEach(w -> progress.finish(w.update().document(w.added().document().id())));
        waiting.clear();
        flush();
        log.info("Import {}: {} entries read and taken in for {} ms, {} ms more waiting for their indexing",
                context.job().id(), steps.size() - startedAt, reading.toMillis(), waitingForIndex.toMillis());
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

    private void step(int index, Step step) throws InterruptedException {
        FileUpdate parsing = FileUpdate.of(index, step.name(), FileStatus.PARSING);
        progress.update(parsing);
        flushIfDue();
        Instant started = clock.instant();
        EntryReader.Outcome outcome = reader.read(step, parsing);
        reading = reading.plus(Duration.between(started, clock.instant()));
        switch (outcome) {
            case EntryReader.Outcome.Done done -> {
                if (stopping() && done.update().fileStatus() == FileStatus.FAILED) {
                    return; // a cancel cut the read short: the entry is not failed, just not done
                }
                progress.finish(done.update());
            }
            case EntryReader.Outcome.Indexing indexing -> {
                waiting.add(new Waiting(indexing.update(), indexing.added()));
                while (waiting.size() > settings.window()) {
                    settle(waiting.poll());
                }
            }
        }
    }

    /** Settles the documents at the head of the queue whose indexing has ended, without waiting. */
    private void settleReady() throws InterruptedException {
        while (!waiting.isEmpty() && waiting.peek().added().indexing().isDone()) {
            settle(waiting.poll());
        }
    }

    /** Waits for a document's indexing and records how it ended. */
    private void settle(Waiting w) throws InterruptedException {
        String id = w.added().document().id();
        Instant started = clock.instant();
        try {
            w.added().indexing().get();
        } catch (ExecutionException e) {
            progress.finish(FileUpdate.of(w.update().index(), w.update().name(), FileStatus.FAILED)
                    .because("Indexing failed; import the file again."));
            return;
        } catch (InterruptedException e) {
            waiting.addFirst(w);
            throw e;
        } finally {
            waitingForIndex = waitingForIndex.plus(Duration.between(started, clock.instant()));
        }
        Document document = library.find(owner, id).orElse(w.added().document());
        if (document.status() == DocumentStatus.FAILED) {
            progress.finish(FileUpdate.of(w.update().index(), w.update().name(), FileStatus.FAILED)
                    .because(document.failure().orElse("Indexing failed.")));
        } else {
            progress.finish(w.update().document(id));
        }
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
