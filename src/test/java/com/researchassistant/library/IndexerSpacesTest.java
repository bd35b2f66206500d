package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.retrieve.Passage;
import com.researchassistant.testing.Eventually;
import com.researchassistant.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Indexing rounds and a switch of spaces: every document lands whole in one space. */
class IndexerSpacesTest {

    private static final String ALICE = "alice";
    private static final int BATCH = 2;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryIndex oldIndex = new InMemoryIndex();
    private final InMemoryIndex newIndex = new InMemoryIndex();
    private JdbcDocumentStore store;
    private Indexer indexer;

    @BeforeEach
    void open_store() {
        store = JdbcDocumentStore.open("jdbc:sqlite:" + dir.resolve("library.db"), clock);
    }

    @AfterEach
    void close_indexer_and_store() {
        if (indexer != null) {
            indexer.close();
        }
        store.close();
    }

    @Test
    void a_switch_waits_for_the_documents_being_indexed_and_documents_queued_meanwhile_start_in_the_new_space()
            throws Exception {
        // given: the indexer is held in the first round of a three-passage document (rounds of 2, then 1)
        GatedEmbedder oldModel = GatedEmbedder.blockingAt(1);
        LiveSpace live = new LiveSpace(Space.of("old-model+title", oldModel, oldIndex));
        Space next = Space.of("new-model+title", new BagOfWordsEmbedder(), newIndex);
        indexer = new Indexer(store, live, change -> {}, new Foreground(clock), BATCH, 1, 16, clock);
        String first = record("Tides", 3);
        Future<?> firstDone = indexer.submit(ALICE, first, passages(first, "Tides", 3));
        assertThat(oldModel.reached.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // when: a switch is asked for, and a one-passage document is queued while it waits
        AtomicInteger writtenAtSwitch = new AtomicInteger(-1);
        Thread switching = Thread.ofPlatform()
                .start(() -> live.switchTo(
                        next,
                        () -> writtenAtSwitch.set(oldIndex.passagesOf(first).size())));
        Eventually.await(WAIT, live::switchWaiting, "the switch waits for the running job");
        String second = record("Estuaries", 1);
        Future<?> secondDone = indexer.submit(ALICE, second, passages(second, "Estuaries", 1));
        oldModel.open();
        firstDone.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        secondDone.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(switching.join(WAIT)).isTrue();

        // then: the first document was written whole in the old space before the switch; the
        // second, though its batch had room in the first's last round, waited for the new space
        assertThat(writtenAtSwitch).hasValue(3);
        assertThat(live.current()).isSameAs(next);
        assertThat(oldIndex.addSizes).containsExactly(2, 1);
        assertThat(oldIndex.passagesOf(first)).hasSize(3);
        assertThat(newIndex.passagesOf(first)).isEmpty();
        assertThat(newIndex.passagesOf(second)).hasSize(1);
        assertThat(oldIndex.passagesOf(second)).isEmpty();
        assertThat(store.find(ALICE, first).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
        assertThat(store.find(ALICE, second).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
        assertThat(store.passagesOfReady(first).embedding()).isEqualTo("old-model+title");
        assertThat(store.passagesOfReady(second).embedding()).isEqualTo("new-model+title");
    }

    private String record(String title, int chunks) {
        return store.insert(ALICE, title, "text/plain", 100, chunks).id();
    }

    private static List<Passage> passages(String documentId, String title, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Passage(
                        documentId + "-" + i,
                        ALICE,
                        documentId,
                        title,
                        i,
                        "part " + (i + 1),
                        "Passage " + i + " of the note about " + title.toLowerCase(java.util.Locale.ROOT) + "."))
                .toList();
    }
}
