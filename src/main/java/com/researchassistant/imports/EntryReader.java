package com.researchassistant.imports;

import com.researchassistant.library.DocumentMetadata;
import com.researchassistant.library.DocumentRejected;
import com.researchassistant.library.Intake;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibraryException;
import com.researchassistant.library.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Takes one step of an import into the library: reads the file (an archive entry into memory or a
 * work file), hands it to {@link Library#take} with the reference's title and metadata, and says
 * what came of it. A file that cannot be read is a failed (or needs-OCR) entry with the library's
 * reason; when it is a reference's attachment and the reference has an abstract, the title and
 * abstract are taken in instead, and the reason says so.
 */
final class EntryReader {

    /** What came of a step. */
    sealed interface Outcome permits Outcome.Done, Outcome.Indexing {
        /** Finished: {@code update} is its final state. */
        record Done(FileUpdate update) implements Outcome {}

        /** Taken in; {@code update} is its state once the document is ready. */
        record Indexing(FileUpdate update, Intake.Added added) implements Outcome {}
    }

    private final Library library;
    private final String owner;
    private final String jobId;
    private final Path workDir;

    EntryReader(Library library, String owner, String jobId, Path workDir) {
        this.library = library;
        this.owner = owner;
        this.jobId = jobId;
        this.workDir = workDir;
    }

    Outcome read(Step step, FileUpdate at) {
        return switch (step) {
            case Step.Broken broken -> failed(at, FileStatus.FAILED, broken.reason());
            case Step.FromRecord r -> taken(record(r.record()), r.record().metadata(), at, FileStatus.INDEXED);
            case Step.FromFile f -> file(f, at);
        };
    }

    private Outcome file(Step.FromFile step, FileUpdate at) {
        DocumentMetadata metadata = step.record().map(ImportRecord::metadata).orElse(DocumentMetadata.NONE);
        Optional<String> title = step.record().map(ImportRecord::title);
        try (InputStream in = step.source().open(); Extracted entry = extract(step.source(), in)) {
            Upload upload = new Upload(Optional.of(step.source().path()), Optional.empty(), title, entry.content());
            return take(upload, metadata, at, FileStatus.INDEXED);
        } catch (DocumentRejected e) {
            FileStatus status = status(e);
            Optional<ImportRecord> withAbstract = step.record().filter(r -> r.abstractText().isPresent());
            if (withAbstract.isPresent()) {
                FileUpdate fallback = at.because(e.getMessage() + " The reference's title and abstract were imported"
                        + " instead.");
                return taken(record(withAbstract.get()), metadata, fallback, status);
            }
            return failed(at, status, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return failed(at, FileStatus.FAILED, message(e));
        }
    }

    /** The stored file itself (a PDF is parsed from it), or an archive entry taken out. */
    private Extracted extract(Source source, InputStream in) throws IOException {
        return switch (source) {
            case Source.Stored stored -> Extracted.as(new Upload.Spooled(stored.file(), stored.bytes()));
            case Source.InZip zip -> Extracted.from(in, workDir);
        };
    }

    /** {@link #take}, with a rejection as the entry's outcome. */
    private Outcome taken(Upload upload, DocumentMetadata metadata, FileUpdate at, FileStatus status) {
        try {
            return take(upload, metadata, at, status);
        } catch (DocumentRejected e) {
            return failed(at, status == FileStatus.INDEXED ? status(e) : status, e.getMessage());
        }
    }

    private static FileStatus status(DocumentRejected e) {
        return e.kind() == DocumentRejected.Kind.NEEDS_OCR ? FileStatus.NEEDS_OCR : FileStatus.FAILED;
    }

    /**
     * Hands the document to the library.
     *
     * @param status the entry's state once its document is ready
     * @throws DocumentRejected when the library cannot read it
     */
    private Outcome take(Upload upload, DocumentMetadata metadata, FileUpdate at, FileStatus status) {
        try {
            Intake intake = library.take(owner, upload, metadata, jobId + ":" + at.index());
            FileUpdate done = FileUpdate.of(at.index(), at.name(), status).because(at.reason());
            return switch (intake) {
                case Intake.Added added -> new Outcome.Indexing(done, added);
                case Intake.Known known when known.sameEntry() ->
                        new Outcome.Done(done.document(known.copy().id()));
                case Intake.Known known -> new Outcome.Done(FileUpdate.of(at.index(), at.name(), FileStatus.DUPLICATE)
                        .because("Already in your library as “" + known.copy().title() + "”.")
                        .duplicating(known.copy().id()));
            };
        } catch (DocumentRejected e) {
            throw e;
        } catch (LibraryException e) {
            return failed(at, FileStatus.FAILED, "The library could not take it in: " + e.getMessage());
        }
    }

    private static Upload record(ImportRecord record) {
        return Upload.text(record.title(), record.text());
    }

    private static Outcome failed(FileUpdate at, FileStatus status, String reason) {
        return new Outcome.Done(FileUpdate.of(at.index(), at.name(), status).because(reason));
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return cause instanceof ZipArchive.Refused refused ? refused.getMessage()
                : "The file could not be read (" + cause.getMessage() + ").";
    }
}
