package com.researchassistant.library;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the source viewer reads of the library: the uploaded originals, kept in the shared database
 * (any instance can show any document), and the passages with where they sit in their document.
 * Every read takes the owner and finds nothing of another owner's documents. Thread-safe.
 *
 * <p><b>Retention.</b> An original is written at upload, in its own transaction after the
 * document's row, and is deleted with the document (the tables cascade from {@code documents}).
 * Uploads over {@link OriginalsSettings} are indexed without their original; documents uploaded
 * before originals were kept have none either. Both are shown as text.
 */
public final class Originals {

    private static final Logger log = LoggerFactory.getLogger(Originals.class);

    private final JdbcDocumentStore store;
    private final DocumentParser parser;
    private final OriginalsSettings settings;
    private final Clock clock;

    Originals(JdbcDocumentStore store, DocumentParser parser, OriginalsSettings settings, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
    }

    /**
     * Records where each chunk sits and, within the caps, keeps the upload's bytes, in one
     * transaction; called by {@link Library#ingest} right after the document's row is written.
     *
     * @return whether the original was kept
     */
    boolean keep(String owner, String documentId, Upload upload, ParsedDocument parsed, List<Chunk> chunks) {
        List<PassageSpans.Span> spans = PassageSpans.of(parsed.sections(), chunks);
        long size = upload.content().size();
        return store.transaction("keep a document's original", c -> {
            PassageSpans.insert(c, documentId, spans);
            if (size > settings.maxDocumentBytes()) {
                return false;
            }
            long kept = OriginalParts.keptBy(c, owner);
            if (kept + size > settings.maxBytesPerOwner()) {
                log.info("Original of document {} not kept: its owner's originals take {} bytes", documentId, kept);
                return false;
            }
            OriginalParts.insert(c, documentId, parsed.format().mediaType(), upload.content(), clock.millis());
            return true;
        });
    }

    /** The kept original of one of the owner's documents; empty when none was kept. */
    public Optional<Original> find(String owner, String documentId) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(documentId, "documentId");
        return store.transaction("find a kept original", c -> OriginalParts.find(c, owner, documentId));
    }

    /**
     * Writes the kept original of one of the owner's documents to {@code out}, a part at a time;
     * false (and nothing written) when the owner has no such original.
     */
    public boolean copy(String owner, String documentId, OutputStream out) {
        Objects.requireNonNull(out, "out");
        return find(owner, documentId).isPresent()
                && store.transaction("read a kept original", c -> OriginalParts.copy(c, documentId, out));
    }

    /** One passage of one of the owner's ready documents, with where it sits. */
    public Optional<CitedPassage> passage(String owner, String documentId, int ordinal) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(documentId, "documentId");
        List<CitedPassage> found =
                store.transaction("read a passage", c -> passages(c, owner, documentId, " AND p.ordinal = ?", ordinal));
        return found.stream().findFirst();
    }

    /** The passages of one of the owner's ready documents, in order. */
    public List<CitedPassage> passages(String owner, String documentId) {
        JdbcDocumentStore.requireOwner(owner);
        Objects.requireNonNull(documentId, "documentId");
        return store.transaction("read a document's passages", c -> passages(c, owner, documentId, "", -1));
    }

    /**
     * The texts of the sections of one of the owner's documents, read again from its kept original
     * (HTML, Markdown and plain text; a PDF's pages are rendered instead); empty when none was
     * kept or it no longer reads.
     */
    public Optional<List<String>> sections(String owner, String documentId) {
        Optional<Original> original = find(owner, documentId);
        if (original.isEmpty() || original.get().mediaType().equals(Format.PDF.mediaType())) {
            return Optional.empty();
        }
        var bytes = new ByteArrayOutputStream((int) Math.min(original.get().bytes(), Integer.MAX_VALUE - 8));
        if (!copy(owner, documentId, bytes)) {
            return Optional.empty();
        }
        try {
            Upload upload = new Upload(
                    Optional.empty(),
                    Optional.of(original.get().mediaType()),
                    Optional.empty(),
                    new Upload.Bytes(bytes.toByteArray()));
            return Optional.of(
                    parser.parse(upload).sections().stream().map(Section::text).toList());
        } catch (DocumentRejected e) {
            log.warn("Kept original of document {} no longer reads: {}", documentId, e.getMessage());
            return Optional.empty();
        }
    }

    private static List<CitedPassage> passages(
            Connection c, String owner, String documentId, String condition, int ordinal) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT p.ordinal, p.location, p.text,"
                + " COALESCE(s.section, -1), COALESCE(s.page, 0), COALESCE(s.start_char, -1),"
                + " COALESCE(s.end_char, -1) FROM passages p JOIN documents d ON d.id = p.document_id"
                + " LEFT JOIN passage_spans s ON s.document_id = p.document_id AND s.ordinal = p.ordinal"
                + " WHERE p.document_id = ? AND d.owner = ? AND d.status = 'ready'" + condition
                + " ORDER BY p.ordinal")) {
            select.setString(1, documentId);
            select.setString(2, owner);
            if (!condition.isEmpty()) {
                select.setInt(3, ordinal);
            }
            try (ResultSet rows = select.executeQuery()) {
                List<CitedPassage> passages = new ArrayList<>();
                while (rows.next()) {
                    passages.add(new CitedPassage(
                            rows.getInt(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getInt(4),
                            rows.getInt(5),
                            rows.getInt(6),
                            rows.getInt(7)));
                }
                return passages;
            }
        }
    }
}
