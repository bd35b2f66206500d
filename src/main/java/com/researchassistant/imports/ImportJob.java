package com.researchassistant.imports;

import com.researchassistant.job.Job;
import com.researchassistant.job.JobContext;
import com.researchassistant.job.JobFailed;
import com.researchassistant.job.JobType;
import com.researchassistant.library.Library;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The import job: works out the plan from the uploaded files, takes its entries into the library
 * from the checkpoint on ({@link ImportRun}), and deletes the uploaded files once the import has
 * ended: done, failed or cancelled, but not when the server stops under it, since the import
 * resumes from them on the next start.
 */
final class ImportJob implements JobType {

    private static final Logger log = LoggerFactory.getLogger(ImportJob.class);

    private final Library library;
    private final ImportSettings settings;

    ImportJob(Library library, ImportSettings settings) {
        this.library = Objects.requireNonNull(library, "library");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String run(JobContext context) throws InterruptedException {
        Job job = context.job();
        ImportInput input = ImportInput.read(job.input());
        Path folder = settings.dir().resolve(input.folder());
        if (!Files.isDirectory(folder)) {
            throw new JobFailed("The uploaded files of this import are no longer on this server (they were"
                    + " received by another instance, or removed). Please import them again.");
        }
        ImportProgress progress = ImportProgress.resume(job.checkpoint());
        boolean resumesLater = false;
        try (ImportPlan plan = ImportPlan.build(input.sources(settings.dir()), settings)) {
            new ImportRun(context, library, plan.steps(), progress, settings, folder.resolve("work")).run();
            return progress.result();
        } catch (InterruptedException e) {
            resumesLater = !context.cancelled();
            throw e;
        } finally {
            if (!resumesLater) {
                ImportFolders.delete(folder);
                log.info("Import {} ended: {}", job.id(), progress.totals());
            }
        }
    }
}
