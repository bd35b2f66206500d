package com.researchassistant.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResourceTest {

    private static final ModelResource TOKENIZER = new ModelResource(
            OnnxEmbedder.TOKENIZER, 711_661L, "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0");

    @TempDir
    Path dir;

    @Test
    void extracts_the_model_with_its_pinned_size_and_checksum() throws Exception {
        // when
        Path model = OnnxEmbedder.MODEL.extractTo(dir);

        // then
        assertThat(model).hasParent(dir).hasFileName(OnnxEmbedder.MODEL.name());
        assertThat(Files.size(model)).isEqualTo(OnnxEmbedder.MODEL.size());
        assertThat(OnnxEmbedder.MODEL.isIntact(model)).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(model);
        }
    }

    @Test
    void replaces_a_truncated_file_left_by_a_crash() throws Exception {
        // given
        Path target = dir.resolve(TOKENIZER.name());
        Files.write(target, new byte[1000]);

        // when
        Path extracted = TOKENIZER.extractTo(dir);

        // then
        assertThat(extracted).isEqualTo(target);
        assertThat(Files.size(target)).isEqualTo(TOKENIZER.size());
        assertThat(TOKENIZER.isIntact(target)).isTrue();
    }

    @Test
    void replaces_a_file_of_the_right_size_with_wrong_content() throws Exception {
        // given
        Path target = dir.resolve(TOKENIZER.name());
        Files.write(target, new byte[(int) TOKENIZER.size()]);

        // when
        TOKENIZER.extractTo(dir);

        // then
        assertThat(TOKENIZER.isIntact(target)).isTrue();
    }

    @Test
    void keeps_an_intact_copy() throws Exception {
        // given
        Path target = TOKENIZER.extractTo(dir);
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(target, old);

        // when
        TOKENIZER.extractTo(dir);

        // then
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(old);
    }

    @Test
    void refuses_a_resource_whose_checksum_changed_and_leaves_no_partial_file() throws Exception {
        // given
        ModelResource changed = new ModelResource(TOKENIZER.name(), TOKENIZER.size(), "00".repeat(32));

        // when / then
        assertThatThrownBy(() -> changed.extractTo(dir))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining(TOKENIZER.sha256());
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void refuses_a_resource_missing_from_the_class_path() {
        // given
        ModelResource missing = new ModelResource("no-such-model.onnx", 1, "00".repeat(32));

        // when / then
        assertThatThrownBy(() -> missing.extractTo(dir))
                .isInstanceOf(EmbeddingException.class)
                .hasMessageContaining("no-such-model.onnx");
    }
}
