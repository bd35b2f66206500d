package com.researchassistant.imports;

import com.researchassistant.db.Identifiers;
import com.researchassistant.job.Job;
import com.researchassistant.job.JobRefused;
import com.researchassistant.job.JobSettings;
import com.researchassistant.job.JobStore;
import com.researchassistant.job.Jobs;
import com.researchassistant.library.Library;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk imports into the library, as jobs: a zip of documents, many files at once, or a Zotero
 * export (BibTeX or CSL JSON with its files). The uploaded files are written to a folder of their
 * own under {@link ImportSettings#dir()} before the job is recorded, so a job survives a crash of
 * the server (or {@code kill -9}) and resumes from its checkpoint; the folder goes once the import
 * has ended. See {@link ImportRun} for how one runs and reports.
 */
public final class Imports implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Imports.class);
    static final String OWNER_FILE = "owner";
    private static final int SWEEP_JOBS = 1_000;

    private final Jobs jobs;
    private final ImportSettings settings;

    private Imports(Jobs jobs, ImportSettings settings) {
        this.jobs = jobs;
        this.settings = settings;
    }

    /**
     * Removes the folders of imports that have ended (or never became jobs), then starts running
     * imports, resuming those a stopped server left unfinished.
     */
    public static Imports start(
            JobStore store, Library library, ImportSettings settings, JobSettings jobSettings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the import folder " + settings.dir(), e);
        }
        Jobs jobs = new Jobs(store, Job.Kind.IMPORT, new ImportJob(library, settings), jobSettings, clock);
        Imports imports = new Imports(jobs, settings);
        imports.sweep();
        jobs.start();
        return imports;
    }

    /** Where the files of a new import go as they arrive; close it (which removes them unless submitted). */
    public Receiving receive(String owner) {
        Identifiers.requireOwner(owner);
        Path folder = settings.dir().resolve(Identifiers.newId());
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(OWNER_FILE), owner, StandardCharsets.UTF_8);
        } catch (IOException e) {
            ImportFolders.delete(folder);
            throw new UncheckedIOException("cannot create an import folder", e);
        }
        return new Receiving(owner, folder, settings.maxBytes());
    }

    /**
     * Records the import of the files received and queues it. The files are on disk (flushed) first.
     *
     * @throws JobRefused when the owner has too many imports running, or the queue is full
     * @throws IllegalArgumentException when no file was received
     */
    public Job submit(Receiving received) {
        if (received.files().isEmpty()) {
            throw new IllegalArgumentException("an import needs at least one file");
        }
        received.sync();
        ImportInput input = new ImportInput(received.folder().getFileName().toString(), received.files());
        Job job = jobs.submit(received.owner(), Optional.empty(), input.json());
        received.submitted();
        log.info(
                "Import {} queued: {} files, {} bytes",
                job.id(),
                received.files().size(),
                received.bytes());
        return job;
    }

    public Optional<ImportState> find(String owner, String id) {
        return jobs.find(owner, id).map(ImportState::of);
    }

    /** The owner's imports, newest first. */
    public List<ImportState> list(String owner, int limit) {
        return jobs.list(owner, limit).stream().map(ImportState::of).toList();
    }

    /** Stops the owner's import; false when there is no such unfinished import. */
    public boolean cancel(String owner, String id) {
        boolean cancelled = jobs.cancel(owner, id);
        jobs.find(owner, id).filter(job -> job.status().finished()).ifPresent(this::deleteFiles);
        return cancelled;
    }

    /** The import's events after {@code afterSeq}; see {@link Jobs#events}. */
    public Optional<Jobs.Batch> events(String owner, String id, long afterSeq, Duration wait)
            throws InterruptedException {
        return jobs.events(owner, id, afterSeq, wait);
    }

    public ImportSettings settings() {
        return settings;
    }

    private void deleteFiles(Job job) {
        ImportFolders.delete(
                settings.dir().resolve(ImportInput.read(job.input()).folder()));
    }

    /** Folders whose import has ended, was never recorded, or whose owner cannot be read. */
    private void sweep() {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(settings.dir(), Files::isDirectory)) {
            for (Path folder : folders) {
                if (!wanted(folder)) {
                    ImportFolders.delete(folder);
                    log.info("Removed the files of an ended import: {}", folder.getFileName());
                }
            }
        } catch (IOException e) {
            log.warn("Could not look through the import folder {}: {}", settings.dir(), e.toString());
        }
    }

    private boolean wanted(Path folder) {
        try {
            String owner = Files.readString(folder.resolve(OWNER_FILE), StandardCharsets.UTF_8)
                    .strip();
            String name = folder.getFileName().toString();
            return jobs.list(owner, SWEEP_JOBS).stream()
                    .anyMatch(job -> !job.status().finished()
                            && ImportInput.read(job.input()).folder().equals(name));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Stops running imports; unfinished ones resume at the next start. */
    @Override
    public void close() {
        jobs.close();
    }
}
