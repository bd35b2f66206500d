package com.researchassistant.config;

/**
 * How answers are grounded in the library and the conversation.
 *
 * @param libraryPassages passages of the library given to each answer
 * @param memoryTurns older turns of the conversation recalled by meaning
 * @param minMemorySimilarity cosine similarity an older turn needs to be recalled
 * @param minSentenceSimilarity cosine similarity a sentence needs to enter a retrieval-only answer
 * @param embeddingCacheEntries texts whose embeddings are kept in memory
 */
public record RetrievalConfig(
        int libraryPassages,
        int memoryTurns,
        double minMemorySimilarity,
        double minSentenceSimilarity,
        int embeddingCacheEntries) {

    public RetrievalConfig {
        if (libraryPassages < 0 || memoryTurns < 0 || embeddingCacheEntries < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
