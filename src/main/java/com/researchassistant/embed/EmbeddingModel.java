package com.researchassistant.embed;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The sentence embedding models the server can run, each an 8-bit quantized ONNX file shipped in a
 * Maven artifact, with what it needs to be used right: pooling, input limit and the instruction
 * its model card puts before retrieval queries.
 *
 * <p>{@link #id()} names the model in configuration ({@code RA_EMBEDDING_MODEL}) and in the
 * library's stored vectors, so vectors of different models are never mixed.
 */
public enum EmbeddingModel {

    /**
     * sentence-transformers/all-MiniLM-L6-v2: 6 layers, mean pooling, no query instruction;
     * trained on 128 word pieces, run up to 256 as sentence-transformers does.
     */
    ALL_MINILM_L6_V2(
            "all-minilm-l6-v2",
            new ModelResource(
                    "all-minilm-l6-v2-q.onnx",
                    22_972_370L,
                    "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1"),
            "all-minilm-l6-v2-q-tokenizer.json",
            256,
            Pooling.MEAN,
            ""),

    /**
     * BAAI/bge-small-en-v1.5: 12 layers, the [CLS] vector, 512 word pieces. Its model card: for
     * retrieval with short queries, put "Represent this sentence for searching relevant passages: "
     * before the query (not before the passages).
     */
    BGE_SMALL_EN_V15(
            "bge-small-en-v1.5",
            new ModelResource(
                    "bge-small-en-v1.5-q.onnx",
                    34_014_426L,
                    "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4"),
            "bge-small-en-v1.5-q-tokenizer.json",
            512,
            Pooling.CLS,
            "Represent this sentence for searching relevant passages: ");

    /** How token vectors become one sentence vector. */
    enum Pooling {
        /** The mean of every token's vector. */
        MEAN,
        /** The first token's ([CLS]) vector. */
        CLS
    }

    static final int DIMENSIONS = 384;

    private final String id;
    private final ModelResource weights;
    private final String tokenizer;
    private final int maxTokens;
    private final Pooling pooling;
    private final String queryInstruction;

    EmbeddingModel(
            String id,
            ModelResource weights,
            String tokenizer,
            int maxTokens,
            Pooling pooling,
            String queryInstruction) {
        this.id = id;
        this.weights = weights;
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
        this.pooling = pooling;
        this.queryInstruction = queryInstruction;
    }

    /** The model's name in configuration and in stored vectors. */
    public String id() {
        return id;
    }

    /** Length of its vectors. */
    public int dimensions() {
        return DIMENSIONS;
    }

    /** The text to embed for a search query: the query behind the model's retrieval instruction, if any. */
    public String queryText(String query) {
        Objects.requireNonNull(query, "query");
        return queryInstruction + query;
    }

    /** The model named {@code id} (case-insensitive), or an exception listing the known ones. */
    public static EmbeddingModel of(String id) {
        Objects.requireNonNull(id, "id");
        String wanted = id.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(model -> model.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown embedding model '" + id + "'; known: "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(EmbeddingModel::id).toList())));
    }

    ModelResource weights() {
        return weights;
    }

    String tokenizer() {
        return tokenizer;
    }

    int maxTokens() {
        return maxTokens;
    }

    Pooling pooling() {
        return pooling;
    }
}
