package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.PaperText;
import com.researchassistant.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Originals on PostgreSQL shared by two instances: what one instance kept, the other reads back
 * byte for byte (in several parts), with the passages' pages; deleting the document on either
 * removes it all.
 */
class PostgresOriginalsIT {

    private final String url = PostgresServer.shared().newDatabase();
    private final Library first = open("first");
    private final Library second = open("second");

    private Library open(String instance) {
        return Library.open(
                DatabaseConfig.of(url),
                LibrarySettings.defaults(),
                SharingSettings.defaults(),
                new OriginalsSettings(4 << 20, 64 << 20),
                instance,
                new FakeEmbedder(),
                new InMemoryIndex(),
                Clock.systemUTC());
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void an_original_kept_by_one_instance_is_read_whole_by_another_and_deleted_with_its_document() throws SQLException {
        // given: a PDF of three parts (the paper plus a stream of random bytes, past two parts' size)
        byte[] pdf = PaperText.pdf();
        Document paper = first.ingest("alice", Upload.file("paper.pdf", "application/pdf", pdf));
        byte[] text = words(OriginalParts.PART_BYTES * 2 + 1_000);
        Document notes = first.ingest("alice", Upload.file("notes.txt", "text/plain", text));
        Eventually.await(
                Duration.ofSeconds(30),
                () -> second.find("alice", notes.id()).orElseThrow().status() == DocumentStatus.READY
                        && second.find("alice", paper.id()).orElseThrow().status() == DocumentStatus.READY,
                "both documents to be ready");

        // when: the other instance reads them
        ByteArrayOutputStream pdfBack = new ByteArrayOutputStream();
        ByteArrayOutputStream textBack = new ByteArrayOutputStream();
        boolean pdfCopied = second.originals().copy("alice", paper.id(), pdfBack);
        boolean textCopied = second.originals().copy("alice", notes.id(), textBack);

        // then
        assertThat(pdfCopied).isTrue();
        assertThat(pdfBack.toByteArray()).isEqualTo(pdf);
        assertThat(textCopied).isTrue();
        assertThat(textBack.toByteArray()).isEqualTo(text);
        assertThat(second.originals().find("alice", notes.id()).orElseThrow().bytes())
                .isEqualTo(text.length);
        assertThat(second.originals().passages("alice", paper.id()))
                .extracting(CitedPassage::page)
                .containsExactly(1, 2, 3);
        assertThat(second.originals().copy("bob", paper.id(), new ByteArrayOutputStream()))
                .isFalse();

        // when: deleted on the second instance
        second.delete("alice", paper.id());
        second.delete("alice", notes.id());

        // then
        assertThat(first.originals().find("alice", paper.id())).isEmpty();
        assertThat(count("document_original_parts")).isZero();
        assertThat(count("document_originals")).isZero();
        assertThat(count("passage_spans")).isZero();
    }

    /** Plain text of random letters in words of up to eight, {@code size} bytes. */
    private static byte[] words(int size) {
        Random random = new Random(3);
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = (byte) (random.nextInt(9) == 0 ? ' ' : 'a' + random.nextInt(26));
        }
        return text;
    }

    private long count(String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }
}
