package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartFormTest {

    @Test
    void reads_a_file_part_with_binary_content_and_a_text_field() {
        // given
        byte[] pdfish = {'%', 'P', 'D', 'F', 0, (byte) 0xff, '\r', '\n', '-', '-'};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy paper\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"paper.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdfish);
        body.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.UTF_8));

        // when
        List<MultipartForm.Part> parts = MultipartForm.parse(body.toByteArray(), "XyZ");

        // then
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).name()).isEqualTo("title");
        assertThat(new String(parts.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("My paper");
        assertThat(parts.get(1).filename()).contains("paper.pdf");
        assertThat(parts.get(1).contentType()).contains("application/pdf");
        assertThat(parts.get(1).body()).isEqualTo(pdfish);
    }

    @Test
    void finds_quoted_and_bare_boundaries() {
        assertThat(MultipartForm.boundary("multipart/form-data; boundary=abc123")).contains("abc123");
        assertThat(MultipartForm.boundary("multipart/form-data; boundary=\"a b\"")).contains("a b");
        assertThat(MultipartForm.boundary("multipart/form-data")).isEmpty();
    }

    @Test
    void refuses_a_body_without_the_boundary() {
        assertThatThrownBy(() -> MultipartForm.parse("garbage".getBytes(StandardCharsets.UTF_8), "XyZ"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("multipart");
    }

    @Test
    void refuses_a_truncated_body() {
        byte[] body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> MultipartForm.parse(body, "XyZ")).isInstanceOf(ApiException.class);
    }
}
