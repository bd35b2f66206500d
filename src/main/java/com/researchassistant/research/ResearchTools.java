package com.researchassistant.research;

import com.researchassistant.chat.PassageSearch;
import com.researchassistant.embed.Embedder;
import com.researchassistant.library.PassageReader;
import com.researchassistant.llm.TaskModels;
import java.util.Objects;

/**
 * What research jobs work with besides the outside sources: the routed models, the embedder (also
 * the claim verifier's), the person's library (searched, and added to), and the readers of
 * fetched documents.
 */
public record ResearchTools(
        TaskModels models,
        Embedder embedder,
        PassageSearch librarySearch,
        LibraryAdd libraryAdd,
        PassageReader reader) {

    public ResearchTools {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(librarySearch, "librarySearch");
        Objects.requireNonNull(libraryAdd, "libraryAdd");
        Objects.requireNonNull(reader, "reader");
    }
}
