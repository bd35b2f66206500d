package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.DatabaseConfig;
import com.researchassistant.retrieve.Passage;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pruning the library's change log, on every database: what the live replicas have applied goes,
 * what one of them lacks stays until the retention bound, and a replica the log no longer reaches
 * back to rebuilds from the shared passages and converges. Each replica here is a document store
 * speaking for one instance and an in-memory index, driven by hand (no background rounds). A
 * re-embedding's index is one more replica of an instance, under its own name.
 */
abstract class ChangeLogContract {

    static final String ALICE = "alice";
    static final String BOB = "bob";
    static final Duration RETENTION = Duration.ofDays(7);
    static final int BATCH = 2;

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<JdbcDocumentStore> opened = new ArrayList<>();

    /** The URL of this test's empty database. */
    protected abstract String url();

    @AfterEach
    void close_stores() {
        opened.forEach(JdbcDocumentStore::close);
    }

    /** One instance: its store and its index, following the shared log. */
    final class Replica {
        final JdbcDocumentStore store;
        final InMemoryIndex index = new InMemoryIndex();
        final IndexReplica replica;

        Replica(String instance) {
            store = JdbcDocumentStore.open(DatabaseConfig.of(url()), clock, instance, Duration.ofSeconds(30));
            opened.add(store);
            Space space = Space.of(Library.DEFAULT_EMBEDDING, new BagOfWordsEmbedder(), index);
            replica = new IndexReplica(store, () -> space, instance, IndexReplica.Rebuild.AT_ONCE, BATCH);
        }

        int catchUp() {
            return replica.catchUp(Integer.MAX_VALUE);
        }

        /** One upkeep round of the log: report the position, prune. */
        int tendLog() {
            replica.reportPosition();
            return store.pruneChanges(RETENTION);
        }

        Document ready(String owner, String title, int passages) {
            Document document = store.insert(owner, title, "text/plain", 100, passages);
            List<Passage> texts = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            for (int i = 0; i < passages; i++) {
                texts.add(new Passage(
                        SharedPassages.passageId(document.id(), i),
                        owner,
                        document.id(),
                        title,
                        i,
                        "§" + i,
                        title + " passage " + i));
                vectors.add(new float[] {i, 1, -i});
            }
            store.progress(document.id(), passages, texts, vectors, Library.DEFAULT_EMBEDDING);
            store.markReady(owner, document.id()).orElseThrow();
            return document;
        }
    }

    @Test
    void changes_every_live_replica_applied_are_pruned_and_the_rest_kept_for_the_one_behind() {
        // given two live replicas, one of them behind
        Replica a = new Replica("instance-a");
        Replica b = new Replica("instance-b");
        a.ready(ALICE, "one", 2);
        a.ready(ALICE, "two", 1);
        a.ready(BOB, "three", 3);
        a.catchUp();
        b.replica.catchUp(1);
        b.replica.reportPosition();

        // when
        int pruned = a.tendLog();

        // then
        assertThat(pruned).isEqualTo(1);
        SharedPassages.Backlog left = a.store.changesAfter(0, 10);
        assertThat(left.changes()).extracting(SharedPassages.Change::id).containsExactly(2L, 3L);
        assertThat(left.prunedThrough()).isEqualTo(1);
        assertThat(left.reaches(1)).isTrue();
        assertThat(left.reaches(0)).isFalse();

        // and when the one behind catches up and says so
        b.catchUp();
        int rest = b.tendLog();

        // then the log is empty and both indexes agree
        assertThat(rest).isEqualTo(2);
        assertThat(a.store.changesAfter(0, 10).changes()).isEmpty();
        assertThat(b.index.all()).containsExactlyElementsOf(a.index.all()).hasSize(6);
    }

    @Test
    void a_live_replica_that_stays_behind_keeps_its_changes_only_until_the_retention_bound_then_rebuilds() {
        // given
        Replica a = new Replica("instance-a");
        Replica b = new Replica("instance-b");
        b.tendLog();
        a.ready(ALICE, "one", 2);
        a.ready(ALICE, "two", 2);
        a.catchUp();
        assertThat(a.tendLog()).as("b has applied nothing yet").isZero();

        // when b keeps reporting but applies nothing for longer than the bound
        clock.advance(RETENTION.plusHours(1));
        b.replica.reportPosition();
        int pruned = a.tendLog();
        int applied = b.catchUp();

        // then
        assertThat(pruned).isEqualTo(2);
        assertThat(applied).as("one rebuild").isEqualTo(1);
        assertThat(b.replica.position()).isEqualTo(2);
        assertThat(b.index.all()).containsExactlyElementsOf(a.index.all()).hasSize(4);
    }

    @Test
    void a_replica_away_longer_than_the_retention_bound_rebuilds_from_the_passages_and_converges() {
        // given a replica in step with the library, which then goes away
        Replica a = new Replica("instance-a");
        Replica b = new Replica("instance-b");
        Document kept = a.ready(ALICE, "kept", 2);
        Document deletedLater = a.ready(ALICE, "deleted later", 3);
        Document failedLater = a.store.insert(BOB, "failed later", "text/plain", 10, 2);
        a.catchUp();
        b.catchUp();
        b.index.add(
                List.of(new Passage(
                        SharedPassages.passageId(failedLater.id(), 0),
                        BOB,
                        failedLater.id(),
                        "failed later",
                        0,
                        "§0",
                        "written by an indexer that later died")),
                List.of(new float[] {1, 1, 1}));
        b.tendLog();

        // when, while it is away, documents come and go and the log is pruned past its position
        a.store.delete(ALICE, deletedLater.id());
        a.store.markFailed(BOB, failedLater.id(), "the indexing instance stopped");
        Document added = a.ready(BOB, "added meanwhile", 2);
        clock.advance(RETENTION.plusDays(1));
        a.catchUp();
        a.tendLog();
        assertThat(a.store.changesAfter(b.replica.position(), 10).reaches(b.replica.position()))
                .isFalse();
        int applied = b.catchUp();

        // then
        assertThat(applied).isEqualTo(1);
        assertThat(b.index.all()).containsExactlyElementsOf(a.index.all());
        assertThat(b.index.passagesOf(kept.id())).hasSize(2);
        assertThat(b.index.passagesOf(added.id())).hasSize(2);
        assertThat(b.index.passagesOf(deletedLater.id())).isEmpty();
        assertThat(b.index.passagesOf(failedLater.id())).isEmpty();
        assertThat(b.replica.position()).isEqualTo(a.replica.position());

        // and later changes are replayed as usual
        a.store.delete(ALICE, kept.id());
        a.catchUp();
        b.catchUp();
        assertThat(b.index.passagesOf(kept.id())).isEmpty();
        assertThat(b.index.all()).containsExactlyElementsOf(a.index.all());
    }

    @Test
    void a_rebuild_keeps_documents_still_being_indexed_and_changes_logged_after_its_start_are_replayed() {
        // given a pruned log and a replica with a document it is indexing right now
        Replica a = new Replica("instance-a");
        a.ready(ALICE, "old", 2);
        a.catchUp();
        clock.advance(RETENTION.plusDays(1));
        a.tendLog();
        Replica b = new Replica("instance-b");
        Document indexing = b.store.insert(ALICE, "being indexed", "text/plain", 10, 2);
        Passage firstBatch = new Passage(
                SharedPassages.passageId(indexing.id(), 0),
                ALICE,
                indexing.id(),
                "being indexed",
                0,
                "§0",
                "the first batch");
        b.index.add(List.of(firstBatch), List.of(new float[] {0, 1, 0}));

        // when
        b.catchUp();

        // then
        assertThat(b.index.passagesOf(indexing.id())).containsExactly(firstBatch);
        assertThat(b.index.all()).containsAll(a.index.all());
    }

    @Test
    void a_new_replica_on_a_fully_pruned_log_builds_its_index_from_the_passages() {
        // given
        Replica a = new Replica("instance-a");
        a.ready(ALICE, "one", 2);
        a.ready(BOB, "two", 1);
        a.catchUp();
        a.tendLog();
        assertThat(a.store.changesAfter(0, 10).changes()).isEmpty();

        // when
        Replica fresh = new Replica("instance-new");
        fresh.catchUp();

        // then
        assertThat(fresh.index.all()).containsExactlyElementsOf(a.index.all()).hasSize(3);
        assertThat(fresh.replica.position()).isEqualTo(2);
    }

    @Test
    void a_replica_not_seen_within_the_bound_no_longer_holds_changes_back() {
        // given b reported long ago, a just now
        Replica a = new Replica("instance-a");
        Replica b = new Replica("instance-b");
        b.tendLog();
        clock.advance(RETENTION.plusMinutes(1));
        a.ready(ALICE, "one", 1);
        a.catchUp();

        // when
        int pruned = a.tendLog();

        // then
        assertThat(pruned).isEqualTo(1);
        assertThat(a.store.changesAfter(0, 10).prunedThrough()).isEqualTo(1);
    }

    @Test
    void a_re_embedding_on_a_pruned_log_starts_from_the_passages_one_document_at_a_time_and_keeps_what_it_lacks() {
        // given a log pruned past its start, and a re-embedding index at 0 on the same instance
        Replica a = new Replica("instance-a");
        Document one = a.ready(ALICE, "one", 2);
        Document two = a.ready(BOB, "two", 2);
        a.catchUp();
        a.tendLog();
        assertThat(a.store.changesAfter(0, 10).prunedThrough()).isEqualTo(2);
        InMemoryIndex newIndex = new InMemoryIndex();
        Space newSpace = Space.of("new-model+title", new BagOfWordsEmbedder(), newIndex);
        IndexReplica reembedding = new IndexReplica(
                a.store, () -> newSpace, "instance-a/re-embedding", IndexReplica.Rebuild.PER_DOCUMENT, BATCH);

        // when it embeds one document, says where it stands, and a document is added meanwhile
        int first = reembedding.catchUp(1);
        reembedding.reportPosition();
        Document three = a.ready(ALICE, "three", 2);
        a.catchUp();
        int prunedMeanwhile = a.tendLog();

        // then the log keeps the change it lacks
        assertThat(first).isEqualTo(1);
        assertThat(newIndex.size()).isEqualTo(2);
        assertThat(reembedding.position())
                .as("not level before the rebuild ends")
                .isZero();
        assertThat(prunedMeanwhile).isZero();
        assertThat(a.store.changesAfter(2, 10).changes())
                .extracting(SharedPassages.Change::id)
                .containsExactly(3L);

        // and when it catches up
        int rest = reembedding.catchUp(Integer.MAX_VALUE);
        reembedding.reportPosition();

        // then it holds every document, embedded anew, and follows the log from the head it read
        assertThat(rest).isEqualTo(2);
        assertThat(reembedding.position()).isEqualTo(3);
        assertThat(newIndex.all())
                .containsExactlyInAnyOrderElementsOf(a.index.all())
                .hasSize(6);
        for (Document document : List.of(one, two, three)) {
            assertThat(a.store.passagesOfReady(document.id()).embedding()).isEqualTo("new-model+title");
        }
        assertThat(a.tendLog()).as("nothing held back any more").isEqualTo(1);

        // and once forgotten, it holds nothing back
        Document four = a.ready(BOB, "four", 1);
        a.catchUp();
        reembedding.forget();
        assertThat(a.tendLog()).isEqualTo(1);
        assertThat(a.index.passagesOf(four.id())).hasSize(1);
    }
}
