package com.researchassistant.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataOnlyFramesTest {

    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final DataOnlyFrames frames = new DataOnlyFrames(sink);

    private void frame(String... pieces) throws IOException {
        for (String piece : pieces) {
            frames.write(piece.getBytes(StandardCharsets.UTF_8));
        }
        frames.flush();
    }

    @Test
    void drops_the_event_line_of_each_frame_even_when_written_in_pieces() throws IOException {
        // when
        frame("event: chunk\ndata: {\"a\":1}\n\n");
        frame("eve", "nt: done\nda", "ta: [DONE]\n\n");

        // then
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"a\":1}\n\ndata: [DONE]\n\n");
    }

    @Test
    void passes_comments_and_data_only_frames_through() throws IOException {
        // when
        frame(": keep-alive\n\n");
        frame("data: {\"event: not a header\":1}\n\n");

        // then
        assertThat(sink.toString(StandardCharsets.UTF_8))
                .isEqualTo(": keep-alive\n\ndata: {\"event: not a header\":1}\n\n");
    }

    @Test
    void close_sends_what_is_left() throws IOException {
        // when
        frames.write("event: x\ndata: y\n\n".getBytes(StandardCharsets.UTF_8));
        frames.close();

        // then
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("data: y\n\n");
    }
}
