package com.researchassistant.chat;

/** The chat side's view of the retrieval configuration. */
public record GroundingSettings(
        int libraryPassages, int memoryTurns, double minMemorySimilarity, double minSentenceSimilarity) {}
