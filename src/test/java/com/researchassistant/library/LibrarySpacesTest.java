package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.embed.EmbeddingModel;
import com.researchassistant.retrieve.LuceneIndex;
import com.researchassistant.retrieve.LuceneSettings;
import com.researchassistant.retrieve.SearchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which index a library opens, and when it re-embeds, from what is on disk and the configured model. */
class LibrarySpacesTest {

    private static final String MINILM = "all-minilm-l6-v2+title";

    @TempDir
    Path dataDir;

    private LibrarySpaces open() {
        return LibrarySpaces.open(dataDir, EmbeddingModel.ALL_MINILM_L6_V2, SearchSettings.defaults(), 100);
    }

    @Test
    void a_new_data_directory_opens_the_configured_embedding_alone_and_records_it() throws Exception {
        // when
        try (LibrarySpaces spaces = open()) {
            // then
            assertThat(spaces.spaces().live().embedding()).isEqualTo(MINILM);
            assertThat(spaces.spaces().target()).isEmpty();
            assertThat(Files.readString(dataDir.resolve(LibrarySpaces.LIVE_FILE))
                            .strip())
                    .isEqualTo(MINILM);
            assertThat(dataDir.resolve("index-" + MINILM)).isDirectory();
        }
    }

    @Test
    void an_index_from_before_embeddings_were_named_stays_live_while_the_library_is_re_embedded() throws Exception {
        // given: the index of all-MiniLM-L6-v2 over passage text alone, as every earlier version left it
        try (LuceneIndex legacy = LuceneIndex.open(dataDir.resolve("index"), LuceneSettings.defaults(384))) {
            legacy.markApplied(7);
        }

        // when
        try (LibrarySpaces spaces = open()) {
            // then: the same model, so one runtime serves both spaces
            assertThat(spaces.spaces().live().embedding()).isEqualTo(SharedPassages.LEGACY_EMBEDDING);
            assertThat(spaces.spaces().live().index().appliedPosition()).isEqualTo(7);
            assertThat(spaces.spaces().target())
                    .get()
                    .extracting(Space::embedding)
                    .isEqualTo(MINILM);
            assertThat(spaces.spaces().live().embedder()).isSameAs(spaces.embedder());

            // and once re-embedded, the new space is recorded and the old index removed
            spaces.switched(spaces.spaces().live());
            spaces.retire(spaces.spaces().live());
            assertThat(Files.readString(dataDir.resolve(LibrarySpaces.LIVE_FILE))
                            .strip())
                    .isEqualTo(MINILM);
            assertThat(dataDir.resolve("index")).doesNotExist();
        }
    }

    @Test
    void an_index_of_an_abandoned_embedding_is_removed() throws Exception {
        // given
        Files.createDirectories(dataDir.resolve("index-bge-small-en-v1.5+title"));
        Files.writeString(dataDir.resolve(LibrarySpaces.LIVE_FILE), MINILM + "\n");

        // when
        try (LibrarySpaces spaces = open()) {
            // then
            assertThat(spaces.spaces().target()).isEmpty();
            assertThat(dataDir.resolve("index-bge-small-en-v1.5+title")).doesNotExist();
        }
    }
}
