package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MultipartStreamTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Hands out the body a few bytes per read, as a slow network does, so delimiters straddle reads. */
    private static InputStream trickle(byte[] body, int perRead) {
        return new ByteArrayInputStream(body) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, perRead));
            }
        };
    }

    private static byte[] form(byte[] fileContent) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(bytes(
                "preamble to ignore\r\n--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy paper\r\n"
                        + "--XyZ  \r\nContent-Disposition: form-data; name=\"file\"; filename=\"paper.pdf\"\r\n"
                        + "Content-Type: application/pdf\r\n\r\n"));
        body.writeBytes(fileContent);
        body.writeBytes(bytes("\r\n--XyZ--\r\nepilogue"));
        return body.toByteArray();
    }

    @Test
    void streams_a_file_part_with_binary_content_that_looks_like_delimiters_and_a_text_field() {
        // given: content with line breaks, dashes and most of the delimiter in it
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {'%', 'P', 'D', 'F', 0, (byte) 0xff, '\r', '\n', '-', '-'});
        content.writeBytes(bytes("\r\n--XyY\r\n--Xy"));
        content.writeBytes(new byte[200_000]);
        byte[] fileContent = content.toByteArray();

        for (int perRead : new int[] {1, 7, 64 * 1024}) {
            // when
            MultipartStream stream = new MultipartStream(trickle(form(fileContent), perRead), "XyZ");
            MultipartStream.Part title = stream.next().orElseThrow();
            ByteArrayOutputStream titleBody = new ByteArrayOutputStream();
            stream.copyBody(titleBody);
            MultipartStream.Part file = stream.next().orElseThrow();
            ByteArrayOutputStream fileBody = new ByteArrayOutputStream();
            stream.copyBody(fileBody);

            // then
            assertThat(title.name()).isEqualTo("title");
            assertThat(titleBody.toString(StandardCharsets.UTF_8)).isEqualTo("My paper");
            assertThat(file.name()).isEqualTo("file");
            assertThat(file.filename()).contains("paper.pdf");
            assertThat(file.contentType()).contains("application/pdf");
            assertThat(fileBody.toByteArray()).as("reads of %d bytes", perRead).isEqualTo(fileContent);
            assertThat(stream.next()).isEmpty();
        }
    }

    @Test
    void skips_parts_whose_bodies_the_caller_does_not_read() {
        // when
        MultipartStream stream = new MultipartStream(new ByteArrayInputStream(form(bytes("content"))), "XyZ");

        // then
        assertThat(stream.next()).map(MultipartStream.Part::name).contains("title");
        assertThat(stream.next()).map(MultipartStream.Part::name).contains("file");
        assertThat(stream.next()).isEmpty();
    }

    @Test
    void finds_quoted_and_bare_boundaries_and_refuses_overlong_ones() {
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=abc123"))
                .contains("abc123");
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=\"a b\""))
                .contains("a b");
        assertThat(MultipartStream.boundary("multipart/form-data")).isEmpty();
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=")).isEmpty();
        assertThat(MultipartStream.boundary("multipart/form-data; boundary=" + "b".repeat(201)))
                .isEmpty();
    }

    @Test
    void refuses_a_body_without_the_boundary_or_cut_short() {
        for (String body : new String[] {
            "garbage",
            "",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--XyZ",
            "--XyZ\r\nContent-Disposition: form-data; name=\"file\"",
            "--XyZ garbage"
        }) {
            assertThatThrownBy(() -> readAll(body))
                    .as(body)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_multipart"));
        }
    }

    @Test
    void refuses_too_many_parts_and_overlong_part_headers() {
        String many =
                "--XyZ\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\nv\r\n".repeat(MultipartStream.MAX_PARTS + 1)
                        + "--XyZ--\r\n";
        String longHeaders =
                "--XyZ\r\nX-Filler: " + "f".repeat(MultipartStream.MAX_HEADER_BYTES) + "\r\n\r\nv\r\n--XyZ--\r\n";

        assertThatThrownBy(() -> readAll(many)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> readAll(longHeaders)).isInstanceOf(ApiException.class);
    }

    @Test
    void a_part_without_headers_has_no_name() {
        // when
        MultipartStream stream =
                new MultipartStream(new ByteArrayInputStream(bytes("--XyZ\r\n\r\nbare\r\n--XyZ--")), "XyZ");

        // then
        assertThat(stream.next()).contains(new MultipartStream.Part("", Optional.empty(), Optional.empty()));
        assertThat(stream.next()).isEmpty();
    }

    private static void readAll(String body) {
        MultipartStream stream = new MultipartStream(new ByteArrayInputStream(bytes(body)), "XyZ");
        while (stream.next().isPresent()) {
            stream.copyBody(OutputStream.nullOutputStream());
        }
    }
}
