package com.researchassistant.library;

import com.researchassistant.embed.Embedder;
import com.researchassistant.retrieve.ReplicaIndex;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One embedding space of the library: the embedder, the index holding vectors it made, and the
 * name of that embedding (model and recipe, see {@link EmbeddedText}) that tags stored vectors.
 *
 * @param embedding names the embedding, e.g. {@code all-minilm-l6-v2+title}
 * @param queryText what is embedded for a search query (a model's retrieval instruction before it)
 */
public record Space(String embedding, Embedder embedder, ReplicaIndex index, UnaryOperator<String> queryText) {

    public Space {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(queryText, "queryText");
        if (embedding.isBlank()) {
            throw new IllegalArgumentException("embedding must name the embedding");
        }
    }

    /** A space whose queries are embedded as they are. */
    public static Space of(String embedding, Embedder embedder, ReplicaIndex index) {
        return new Space(embedding, embedder, index, UnaryOperator.identity());
    }

    /** The name of the embedding {@code model} makes with this library's recipe. */
    public static String embeddingOf(String model) {
        return model + "+" + EmbeddedText.RECIPE;
    }
}
