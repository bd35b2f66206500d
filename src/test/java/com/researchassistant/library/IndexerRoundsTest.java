package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.embed.Embedder;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the indexer groups queued documents into rounds and gives way to interactive work. */
class IndexerRoundsTest {

    private static final String ALICE = "alice";
    private static final int BATCH = 8;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SharingSettings SHARING = new SharingSettings(
            Duration.ofMillis(50), 16, Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryIndex index = new InMemoryIndex();
    private Library library;

    @AfterEach
    void close_library() {
        if (library != null) {
            library.close();
        }
    }

    private Library open(Embedder embedder) {
        LibrarySettings settings = new LibrarySettings(100_000, 100_000, 200, 40, BATCH, 1, 16, Duration.ZERO, 20);
        library = Library.open(
                DatabaseConfig.of("jdbc:sqlite:" + dir.resolve("library.db")),
                settings,
                SHARING,
                "instance",
                embedder,
                index,
                clock);
        return library;
    }

    @Test
    void small_documents_queued_together_share_one_round_and_one_index_write() throws InterruptedException {
        // given: the indexer is held inside the first document's embedding call
        GatedEmbedder embedder = GatedEmbedder.blockingAt(1);
        Library library = open(embedder);
        Document first = library.enqueue(ALICE, Upload.text("First", "The first abstract on tides."));
        assertThat(embedder.reached.await(10, TimeUnit.SECONDS)).isTrue();

        // when: three more one-chunk documents queue up meanwhile, then the indexer goes on
        List<Document> queued = new ArrayList<>();
        for (String topic : List.of("turbines", "estuaries", "sediment")) {
            queued.add(library.enqueue(ALICE, Upload.text("About " + topic, "A short abstract about " + topic + ".")));
        }
        embedder.open();
        awaitReady(library, queued);

        // then
        assertThat(embedder.batchSizes()).containsExactly(1, 1, 1, 1); // every text alone
        assertThat(index.addSizes).containsExactly(1, 3);
        assertThat(library.find(ALICE, first.id()).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
        assertThat(library.search(ALICE, "estuaries", 1))
                .extracting(s -> s.passage().documentId())
                .containsExactly(queued.get(1).id());
    }

    @Test
    void the_next_round_is_embedded_while_the_round_before_it_is_written() throws InterruptedException {
        // given: the first round's index write is held
        BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
        CountDownLatch writeGate = new CountDownLatch(1);
        index.addGate = writeGate;
        Library library = open(embedder);
        Document first = library.enqueue(ALICE, Upload.text("First", "The first abstract on tides."));
        assertThat(index.addReached.await(10, TimeUnit.SECONDS)).isTrue();

        // when: another document arrives while that write waits
        Document second = library.enqueue(ALICE, Upload.text("Second", "The second abstract on estuaries."));
        Eventually.await(
                WAIT,
                () -> embedder.texts.stream().anyMatch(text -> text.contains("estuaries")),
                "the second document embedded");
        List<Integer> writtenMeanwhile = List.copyOf(index.addSizes);
        writeGate.countDown();
        awaitReady(library, List.of(first, second));

        // then: embedded before the first round's write ended, written after it, in order (the
        // replica may add a ready document once more, by the same keys: not this test's concern)
        assertThat(writtenMeanwhile).isEmpty();
        assertThat(index.addSizes.subList(0, 2)).containsExactly(1, 1);
        assertThat(library.search(ALICE, "estuaries", 1))
                .extracting(s -> s.passage().documentId())
                .containsExactly(second.id());
    }

    @Test
    void a_long_document_goes_batch_by_batch_and_small_ones_wait_for_a_round_with_room() {
        // given
        BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
        Library library = open(embedder);

        // when
        Document long1 = library.enqueue(ALICE, Upload.text("Long", sentences("long", 60)));
        Document small = library.enqueue(ALICE, Upload.text("Small", "One small note."));
        awaitReady(library, List.of(long1, small));

        // then
        Document indexed = library.find(ALICE, long1.id()).orElseThrow();
        assertThat(indexed.chunkCount()).isGreaterThan(BATCH * 2);
        assertThat(embedder.batchSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(BATCH));
        assertThat(index.addSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(BATCH));
        assertThat(index.addSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(indexed.chunkCount() + 1);
        assertThat(index.passagesOf(long1.id())).hasSize(indexed.chunkCount());
        assertThat(index.passagesOf(small.id())).hasSize(1);
    }

    @Test
    void while_interactive_work_runs_and_shortly_after_indexing_embeds_one_text_at_a_time() {
        // given
        BagOfWordsEmbedder embedder = new BagOfWordsEmbedder();
        Library library = open(embedder);

        // when
        Foreground.Activity answering = library.foreground().begin();
        Document during = library.enqueue(ALICE, Upload.text("During", sentences("during", 4)));
        awaitReady(library, List.of(during));
        answering.close();
        clock.advance(Indexer.QUIET_AFTER.plusMillis(1));
        int onCallerDuring = embedder.aloneOnCaller.get();
        Document after = library.enqueue(ALICE, Upload.text("After", sentences("after", 4)));
        awaitReady(library, List.of(after));

        // then: during, every text alone on the indexing thread; after, every text on the workers
        int chunksDuring = library.find(ALICE, during.id()).orElseThrow().chunkCount();
        assertThat(onCallerDuring).isEqualTo(chunksDuring);
        assertThat(embedder.aloneOnCaller).hasValue(onCallerDuring);
        assertThat(embedder.batchSizes).allSatisfy(size -> assertThat(size).isEqualTo(1));
        assertThat(library.foreground().busy()).isFalse();
    }

    private void awaitReady(Library library, List<Document> documents) {
        for (Document document : documents) {
            Eventually.await(
                    WAIT,
                    () -> library.find(ALICE, document.id()).orElseThrow().status() == DocumentStatus.READY,
                    "document " + document.title() + " ready");
        }
    }

    private static String sentences(String topic, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "This " + topic + " sentence number " + i + " carries a little more text.")
                .collect(Collectors.joining(" "));
    }
}
