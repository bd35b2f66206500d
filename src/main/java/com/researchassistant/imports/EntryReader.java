package com.researchassistant.imports;

import com.researchassistant.library.Document;
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
import java.util.concurrent.Future;

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

        /**
         * Taken in; {@code update} is its state once the document is ready.
         *
         * @param indexing ends when the document is ready or has failed: read it again then
         */
        record Indexing(FileUpdate update, Document document, Future<?> indexing) implements Outcome {}
    }

    /** What reading an entry came to, before its turn to be taken in. */
    private sealed interface Ready permits Prepared, Finished {}

    /** Read: to be taken in, and then in {@code status}. */
    private record Prepared(Library.Read read, DocumentMetadata metadata, FileUpdate at, FileStatus status)
            implements Ready {}

    /** Nothing to take in: the entry's outcome is known. */
    private record Finished(Outcome.Done done) implements Ready {}

    private final Library library;
    private final String owner;
    private final String jobId;
    private final Path workDir;
    private final Turns turns;

    EntryReader(Library library, String owner, String jobId, Path workDir, Turns turns) {
        this.turns = turns;
        this.library = library;
        this.owner = owner;
        this.jobId = jobId;
        this.workDir = workDir;
    }

    /**
     * Reads the entry, waits for its turn, takes it in and passes the turn on; starts its indexing
     * after the turn, so that other entries' turns do not wait for it.
     */
    Outcome read(Step step, FileUpdate at) throws InterruptedException {
        Ready prepared;
        try {
            prepared = prepare(step, at);
        } catch (RuntimeException e) {
            turns.await(at.index());
            turns.pass(at.index());
            throw e;
        }
        turns.await(at.index());
        Outcome outcome;
        Intake.Added added = null;
        try {
            if (!(prepared instanceof Prepared p)) {
                return ((Finished) prepared).done();
            }
            Intake intake = library.take(owner, p.read(), p.metadata(), jobId + ":" + at.index());
            FileUpdate done = FileUpdate.of(at.index(), at.name(), p.status()).because(p.at().reason());
            switch (intake) {
                case Intake.Added a -> {
                    added = a;
                    outcome = null;
                }
                case Intake.Known known
                when known.sameEntry() ->
                    outcome = new Outcome.Done(done.document(known.copy().id()));
                case Intake.Known known ->
                    outcome = new Outcome.Done(FileUpdate.of(at.index(), at.name(), FileStatus.DUPLICATE)
                            .because("Already in your library as “"
                                    + known.copy().title() + "”.")
                            .duplicating(known.copy().id()));
            }
            if (added == null) {
                return outcome;
            }
        } catch (LibraryException e) {
            return failed(at, FileStatus.FAILED, "The library could not take it in: " + e.getMessage());
        } finally {
            turns.pass(at.index());
        }
        FileUpdate done = FileUpdate.of(at.index(), at.name(), ((Prepared) prepared).status())
                .because(((Prepared) prepared).at().reason());
        return new Outcome.Indexing(done, added.document(), library.index(owner, added));
    }

    /** The entry read and ready for its turn, or its outcome when there is nothing to take in. */
    private Ready prepare(Step step, FileUpdate at) {
        return switch (step) {
            case Step.Broken broken -> new Finished(failed(at, FileStatus.FAILED, broken.reason()));
            case Step.FromRecord r -> prepared(record(r.record()), r.record().metadata(), at, FileStatus.INDEXED);
            case Step.FromFile f -> file(f, at);
        };
    }

    private Ready file(Step.FromFile step, FileUpdate at) {
        DocumentMetadata metadata = step.record().map(ImportRecord::metadata).orElse(DocumentMetadata.NONE);
        Optional<String> title = step.record().map(ImportRecord::title);
        try (InputStream in = step.source().open();
                Extracted entry = extract(step.source(), in)) {
            Upload upload = new Upload(Optional.of(step.source().path()), Optional.empty(), title, entry.content());
            return new Prepared(library.read(upload), metadata, at, FileStatus.INDEXED);
        } catch (DocumentRejected e) {
            FileStatus status = status(e);
            Optional<ImportRecord> withAbstract =
                    step.record().filter(r -> r.abstractText().isPresent());
            if (withAbstract.isPresent()) {
                FileUpdate fallback =
                        at.because(e.getMessage() + " The reference's title and abstract were imported" + " instead.");
                return prepared(record(withAbstract.get()), metadata, fallback, status);
            }
            return new Finished(failed(at, status, e.getMessage()));
        } catch (IOException | UncheckedIOException e) {
            return new Finished(failed(at, FileStatus.FAILED, message(e)));
        }
    }

    /** The stored file itself (a PDF is parsed from it), or an archive entry taken out. */
    private Extracted extract(Source source, InputStream in) throws IOException {
        return switch (source) {
            case Source.Stored stored -> Extracted.as(new Upload.Spooled(stored.file(), stored.bytes()));
            case Source.InZip zip -> Extracted.from(in, workDir);
        };
    }

    /** Reads a text upload, with a rejection as the entry's outcome. */
    private Ready prepared(Upload upload, DocumentMetadata metadata, FileUpdate at, FileStatus status) {
        try {
            return new Prepared(library.read(upload), metadata, at, status);
        } catch (DocumentRejected e) {
            return new Finished(failed(at, status == FileStatus.INDEXED ? status(e) : status, e.getMessage()));
        }
    }

    private static FileStatus status(DocumentRejected e) {
        return e.kind() == DocumentRejected.Kind.NEEDS_OCR ? FileStatus.NEEDS_OCR : FileStatus.FAILED;
    }

    private static Upload record(ImportRecord record) {
        return Upload.text(record.title(), record.text());
    }

    private static Outcome.Done failed(FileUpdate at, FileStatus status, String reason) {
        return new Outcome.Done(FileUpdate.of(at.index(), at.name(), status).because(reason));
    }

    private static String message(Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return cause instanceof ZipArchive.Refused refused
                ? refused.getMessage()
                : "The file could not be read (" + cause.getMessage() + ").";
    }
}
