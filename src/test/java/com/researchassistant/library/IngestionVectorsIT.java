package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.embed.OnnxEmbedder;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the real model: whatever path ingestion takes (rounds of several documents, all cores, or
 * one text at a time while interactive work runs), every stored vector is the vector a query of
 * the same text gets (the embedded text: {@link EmbeddedText}, title and passage), so passages and
 * queries stay comparable (issue 15's bound: cosine 0.999).
 */
class IngestionVectorsIT {

    private static final String OWNER = "alice";

    @TempDir
    Path dir;

    @Test
    void every_ingested_chunk_has_the_vector_its_text_gets_alone() {
        // given
        InMemoryIndex index = new InMemoryIndex();
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        LibrarySettings defaults = LibrarySettings.defaults();
        LibrarySettings settings = new LibrarySettings(
                defaults.maxUploadBytes(),
                defaults.maxTextChars(),
                300,
                60,
                defaults.embedBatchSize(),
                1,
                16,
                Duration.ZERO,
                20);
        try (OnnxEmbedder embedder = OnnxEmbedder.open(dir.resolve("models"));
                Library library =
                        Library.open("jdbc:sqlite:" + dir.resolve("library.db"), settings, embedder, index, clock)) {
            // when: half the samples queued while an interactive activity runs, half after
            List<Document> documents = new ArrayList<>();
            List<Upload> samples = Samples.read();
            Foreground.Activity answering = library.foreground().begin();
            samples.subList(0, samples.size() / 2).forEach(s -> documents.add(library.enqueue(OWNER, s)));
            awaitReady(library, documents);
            answering.close();
            clock.advance(Indexer.QUIET_AFTER.plusMillis(1)); // the rest on every core
            samples.subList(samples.size() / 2, samples.size()).forEach(s -> documents.add(library.enqueue(OWNER, s)));
            awaitReady(library, documents);

            // then
            List<Passage> passages = documents.stream()
                    .flatMap(d -> index.passagesOf(d.id()).stream())
                    .toList();
            assertThat(passages).hasSizeGreaterThan(samples.size());
            for (Passage passage : passages) {
                float[] alone = embedder.embed(EmbeddedText.of(passage)); // what is embedded: title, then text
                assertThat(dot(index.vectorOf(passage.id()), alone))
                        .as(passage.id())
                        .isGreaterThanOrEqualTo(0.999);
            }
        }
    }

    private static void awaitReady(Library library, List<Document> documents) {
        for (Document document : documents) {
            Eventually.await(
                    Duration.ofSeconds(60),
                    () -> library.find(OWNER, document.id()).orElseThrow().status() == DocumentStatus.READY,
                    document.title() + " ready");
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
