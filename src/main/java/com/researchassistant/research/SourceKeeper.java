package com.researchassistant.research;

import com.researchassistant.fetch.FetchException;
import com.researchassistant.fetch.Fetched;
import com.researchassistant.fetch.Fetcher;
import com.researchassistant.library.Document;
import com.researchassistant.library.DocumentRejected;
import com.researchassistant.library.Upload;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a report's source in the person's library with one tap: its open-access full text when
 * it can be fetched (the provider's address, as the job read it), else its reference and
 * abstract as a text document, so nothing the report cites is lost.
 */
public final class SourceKeeper {

    /** What keeping a source did. */
    public sealed interface Kept permits Added, AlreadyInLibrary, NotFound {}

    public record Added(Document document) implements Kept {}

    /** The source is a document of the library already. */
    public record AlreadyInLibrary(String documentId) implements Kept {}

    /** @param what "research job" or "source n" */
    public record NotFound(String what) implements Kept {}

    /** As long as a person waits for one tap; the fetcher keeps to its own, shorter RA_FETCH_TIMEOUT too. */
    private static final Duration FETCH_BUDGET = Duration.ofMinutes(1);

    private final Fetcher fetcher;
    private final LibraryAdd library;

    SourceKeeper(Fetcher fetcher, LibraryAdd library) {
        this.fetcher = fetcher;
        this.library = library;
    }

    Kept keep(String owner, ReportSource source) {
        if (source.kind().equals(ReportSource.LIBRARY)) {
            return new AlreadyInLibrary(source.documentId());
        }
        Optional<String> url = Reader.fetchable(source);
        if (url.isPresent()) {
            try {
                Fetched fetched = fetcher.fetch(URI.create(url.get()), FETCH_BUDGET);
                String path = Optional.ofNullable(fetched.url().getPath()).orElse("");
                String name = path.substring(path.lastIndexOf('/') + 1);
                return new Added(library.add(
                        owner,
                        new Upload(
                                Optional.of(name.isEmpty() ? "source" : name),
                                Optional.of(fetched.mediaType()),
                                Optional.of(source.title()),
                                new Upload.Bytes(fetched.body()))));
            } catch (FetchException | DocumentRejected | IllegalArgumentException e) {
                // no full text to be had: the reference and abstract stand in for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String reference = References.list(List.of(source.numbered(1))).replaceFirst("^\\[1] ", "");
        String text = reference
                + (source.abstractText().isBlank()
                        ? ""
                        : "\n\n" + source.abstractText().strip());
        return new Added(library.add(owner, Upload.text(source.title(), text)));
    }
}
