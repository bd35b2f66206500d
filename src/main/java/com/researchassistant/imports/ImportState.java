package com.researchassistant.imports;

import com.researchassistant.job.Job;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An import as its owner sees it.
 *
 * @param status "queued", "running", "done", "failed" or "cancelled"
 * @param lastEvent the id of its newest event, for following it from there
 * @param files the names of the uploaded files
 * @param totals how far it is (while running, as of its last checkpoint)
 * @param problems duplicates, PDFs needing OCR and failures, the first {@value
 *     ImportProgress#MAX_PROBLEMS}
 * @param problemsOmitted problems beyond those listed
 * @param failure why the import itself failed, if it did
 */
public record ImportState(
        String id,
        String status,
        Instant createdAt,
        Instant updatedAt,
        long lastEvent,
        List<String> files,
        Totals totals,
        List<FileUpdate> problems,
        int problemsOmitted,
        Optional<String> failure) {

    public ImportState {
        Objects.requireNonNull(id, "id");
        files = List.copyOf(files);
        problems = List.copyOf(problems);
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(failure, "failure");
    }

    static ImportState of(Job job) {
        Optional<ImportProgress.Saved> saved = job.result().or(job::checkpoint).map(ImportProgress::read);
        return new ImportState(
                job.id(),
                job.status().id(),
                job.createdAt(),
                job.updatedAt(),
                job.lastEvent(),
                ImportInput.read(job.input()).names(),
                saved.map(ImportProgress.Saved::totals).orElse(Totals.NONE),
                saved.map(ImportProgress.Saved::problems).orElse(List.of()),
                saved.map(ImportProgress.Saved::problemsOmitted).orElse(0),
                job.failure());
    }
}
