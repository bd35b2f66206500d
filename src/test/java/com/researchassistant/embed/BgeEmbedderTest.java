package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second model, bge-small-en-v1.5, run by the same encoder with [CLS] pooling. */
class BgeEmbedderTest {

    @TempDir
    static Path cacheDir;

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void open_model() {
        embedder = OnnxEmbedder.open(cacheDir, EmbeddingModel.BGE_SMALL_EN_V15);
    }

    @AfterAll
    static void close_model() {
        embedder.close();
    }

    @Test
    void matches_the_langchain4j_quantized_bge_model() {
        // given
        var stock = new BgeSmallEnV15QuantizedEmbeddingModel();

        for (String sentence : List.of("Coral reefs bleach when the sea is too warm.", "Statins and breast cancer")) {
            // when
            float[] ours = embedder.embed(sentence);
            float[] theirs = stock.embed(sentence).content().vector();

            // then
            assertThat(ours).hasSize(384).containsExactly(theirs, within(1e-4f));
        }
    }

    @Test
    void a_query_with_the_model_cards_instruction_finds_its_passage_first() {
        // given
        String query = EmbeddingModel.BGE_SMALL_EN_V15.queryText("why do reefs turn white");
        List<String> passages = List.of(
                "Transformers relate every token of a sequence to every other token.",
                "Coral bleaching occurs when heat stress makes corals expel their symbiotic algae.",
                "The Treaty of Verdun divided the Carolingian empire in 843.");

        // when
        float[] q = embedder.embed(query);
        List<Double> scores =
                embedder.embedAll(passages).stream().map(p -> dot(q, p)).toList();

        // then
        assertThat(query).startsWith("Represent this sentence for searching relevant passages: ");
        assertThat(scores.get(1)).isGreaterThan(scores.get(0)).isGreaterThan(scores.get(2));
        assertThat(embedder.model()).isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15);
    }

    @Test
    void a_batch_pools_each_text_by_its_own_cls_token_whatever_the_padding() throws IOException {
        // given: a short text padded to a long one's length in one call
        EmbeddingModel bge = EmbeddingModel.BGE_SMALL_EN_V15;
        List<String> texts = List.of(
                "Statins and breast cancer",
                "Coral reefs bleach when the sea stays too warm for the algae that live in their tissue.");
        try (InputStream tokenizer = BgeEmbedderTest.class.getClassLoader().getResourceAsStream(bge.tokenizer());
                BertEncoder encoder = BertEncoder.open(
                        bge.weights().extractTo(cacheDir),
                        tokenizer,
                        bge.maxTokens(),
                        bge.dimensions(),
                        false,
                        bge.pooling(),
                        1)) {

            // when
            float[][] batched =
                    encoder.encode(texts.stream().map(encoder::tokenize).toList());

            // then: each row is its own text's vector, up to the batch-wide activation quantization
            assertThat(dot(batched[0], encoder.encode(texts.get(0)))).isGreaterThan(0.97);
            assertThat(dot(batched[1], encoder.encode(texts.get(1)))).isGreaterThan(0.97);
            assertThat(dot(batched[0], embedder.embed(texts.get(0)))).isGreaterThan(0.97);
        }
    }

    @Test
    void models_are_named_by_id_in_any_case_and_an_unknown_name_lists_the_known_ones() {
        assertThat(EmbeddingModel.of(" BGE-small-en-v1.5 ")).isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15);
        assertThat(EmbeddingModel.ALL_MINILM_L6_V2.queryText("q")).isEqualTo("q");
        assertThatThrownBy(() -> EmbeddingModel.of("e5-small"))
                .hasMessageContaining("all-minilm-l6-v2")
                .hasMessageContaining("bge-small-en-v1.5");
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
