package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real quantized model (about 1 s to load, a few ms a sentence). */
class OnnxEmbedderTest {

    private static final List<String> SENTENCES = List.of(
            "The mitochondria is the powerhouse of the cell.",
            "Transformers use self-attention to model long-range dependencies in text.",
            "Inflation rose sharply after the central bank cut interest rates.",
            "How do I bake sourdough bread at home?",
            "Quantum error correction protects logical qubits from decoherence.",
            "short",
            "Der schnelle braune Fuchs springt über den faulen Hund.");

    @TempDir
    static Path cacheDir;

    private static OnnxEmbedder embedder;

    @BeforeAll
    static void open_model() {
        embedder = OnnxEmbedder.open(cacheDir, 2);
    }

    @AfterAll
    static void close_model() {
        embedder.close();
    }

    @Test
    void gives_normalised_vectors_of_384_dimensions() {
        // when
        float[] vector = embedder.embed(SENTENCES.get(0));

        // then
        assertThat(embedder.dimensions()).isEqualTo(384);
        assertThat(vector).hasSize(384);
        assertThat(Vectors.norm(vector)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void matches_the_langchain4j_quantized_model() {
        // given
        EmbeddingModel stock = new AllMiniLmL6V2QuantizedEmbeddingModel();

        for (String sentence : SENTENCES) {
            // when
            float[] ours = embedder.embed(sentence);
            float[] theirs = stock.embed(sentence).content().vector();

            // then
            assertThat(Vectors.dot(ours, theirs)).as(sentence).isGreaterThan(0.999);
        }
    }

    @Test
    void scores_related_sentences_above_unrelated_ones() {
        // given
        float[] query = embedder.embed("What causes ocean acidification?");

        // when
        double related = Vectors.dot(query, embedder.embed("Seawater absorbs carbon dioxide, lowering its pH."));
        double unrelated = Vectors.dot(query, embedder.embed("The striker scored twice in the second half."));

        // then
        assertThat(related).isGreaterThan(unrelated + 0.2);
    }

    @Test
    void is_deterministic() {
        // when
        float[] first = embedder.embed(SENTENCES.get(1));
        float[] second = embedder.embed(SENTENCES.get(1));

        // then
        assertThat(second).containsExactly(first);
    }

    @Test
    void batch_equals_singles_in_order() {
        // given
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            texts.addAll(SENTENCES);
        }

        // when
        List<float[]> batch = embedder.embedAll(texts);

        // then
        assertThat(batch).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.get(i)).as(texts.get(i)).containsExactly(embedder.embed(texts.get(i)));
        }
        assertThat(embedder.embedAll(List.of())).isEmpty();
    }

    @Test
    void rejects_blank_text_naming_its_position() {
        // when / then
        assertThatThrownBy(() -> embedder.embed("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> embedder.embed(" \n\t ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> embedder.embedAll(List.of("fine", "  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("texts[1]");
    }

    @Test
    void a_call_stopped_from_another_thread_ends_early_and_the_text_embeds_the_same_again() throws Exception {
        // given: a text of the full 256 word pieces (~20-40 ms a call), and a thread that turns the
        // switch over and over while the call runs (stop() between calls does nothing)
        String text = "Photosynthesis converts light into chemical energy in the chloroplast. ".repeat(40);
        float[] expected = embedder.embed(text);
        int stopped = 0;

        // when: up to 20 tries, until a stop lands inside a call
        for (int attempt = 0; attempt < 20 && stopped == 0; attempt++) {
            StopSwitch stop = new StopSwitch();
            Thread stopper = Thread.ofPlatform().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    stop.stop();
                    Thread.onSpinWait();
                }
            });
            try {
                assertThat(embedder.embedAlone(text, stop)).containsExactly(expected); // finished first
            } catch (EmbeddingStopped e) {
                stopped++;
            } finally {
                stopper.interrupt();
                stopper.join();
            }
        }

        // then: a stop ended a call, and the same text embeds to the same vector afterwards
        assertThat(stopped).isPositive();
        assertThat(embedder.embedAlone(text, new StopSwitch())).containsExactly(expected);
    }

    @Test
    void embeds_only_the_first_256_word_pieces_of_a_very_long_text() {
        // given
        String longText = "Photosynthesis converts light into chemical energy. ".repeat(2_000);
        assertThat(longText.length()).isGreaterThan(100_000);

        // when
        float[] whole = embedder.embed(longText);
        float[] withTail = embedder.embed(longText + " An unrelated tail about medieval castles.");

        // then
        assertThat(Vectors.norm(whole)).isCloseTo(1.0, within(1e-5));
        assertThat(withTail).containsExactly(whole);
    }

    @Test
    void handles_unicode_scripts_and_emoji() {
        // given
        List<String> texts = List.of("日本語の文章を埋め込む", "Привет, мир", "🚀🔥 ∑ x² ≠ y", "e\u0301te\u0301 \u0000 zero");

        // when
        List<float[]> vectors = embedder.embedAll(texts);

        // then
        for (float[] vector : vectors) {
            assertThat(Vectors.norm(vector)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void many_virtual_threads_at_once_get_the_same_vectors() throws Exception {
        // given
        List<float[]> expected = SENTENCES.stream().map(embedder::embed).toList();
        List<Future<float[]>> singles = new ArrayList<>();
        List<Future<List<float[]>>> batches = new ArrayList<>();

        // when
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String sentence = SENTENCES.get(i % SENTENCES.size());
                singles.add(threads.submit(() -> embedder.embed(sentence)));
                if (i % 10 == 0) {
                    batches.add(threads.submit(() -> embedder.embedAll(SENTENCES)));
                }
            }
        }

        // then
        for (int i = 0; i < singles.size(); i++) {
            assertThat(singles.get(i).get()).containsExactly(expected.get(i % SENTENCES.size()));
        }
        for (Future<List<float[]>> batch : batches) {
            for (int i = 0; i < SENTENCES.size(); i++) {
                assertThat(batch.get().get(i)).containsExactly(expected.get(i));
            }
        }
    }

    @Test
    void puts_djl_in_offline_mode_so_the_tokenizer_does_not_call_home() {
        // then: the model was opened in @BeforeAll
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    @Test
    void opens_again_from_the_extracted_file_and_closes_twice_harmlessly() {
        // given
        OnnxEmbedder second = OnnxEmbedder.open(cacheDir, 1);

        // when
        float[] vector = second.embed(SENTENCES.get(2));
        second.close();
        second.close();

        // then
        assertThat(vector).containsExactly(embedder.embed(SENTENCES.get(2)));
    }

    @Test
    void refuses_fewer_than_one_worker() {
        // when / then
        assertThatThrownBy(() -> OnnxEmbedder.open(cacheDir, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
    }
}
