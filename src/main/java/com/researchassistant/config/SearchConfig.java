package com.researchassistant.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the library embeds and ranks; defaults measured on BEIR NFCorpus (docs/benchmarks.md).
 *
 * @param embeddingModel the sentence embedding model's id ({@code RA_EMBEDDING_MODEL}); changing it
 *     re-embeds the library in the background
 * @param fusion {@code scores} (min-max scaled, weighted) or {@code rrf} (reciprocal rank fusion)
 * @param vectorWeight the vector list's share of a fused score under {@code scores}
 * @param titleBoost weight of a query word in a document's title against one in the passage text
 * @param feedback {@code rm3} (pseudo-relevance feedback for BM25) or {@code none}
 * @param rerankModel chat model that reranks the best passages of each search; empty: no reranking
 * @param rerankCandidates how many of the best passages it reranks, in one call
 * @param rerankBudget how long a search waits for the reranking before keeping its own order
 */
public record SearchConfig(
        String embeddingModel,
        String fusion,
        double vectorWeight,
        double titleBoost,
        String feedback,
        Optional<String> rerankModel,
        int rerankCandidates,
        Duration rerankBudget) {

    public SearchConfig {
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        Objects.requireNonNull(fusion, "fusion");
        Objects.requireNonNull(feedback, "feedback");
        Objects.requireNonNull(rerankModel, "rerankModel");
        Objects.requireNonNull(rerankBudget, "rerankBudget");
    }
}
