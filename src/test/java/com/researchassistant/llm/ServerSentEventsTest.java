package com.researchassistant.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    private static List<String> dataOf(InputStream in) throws IOException {
        ServerSentEvents events = new ServerSentEvents(in);
        List<String> data = new ArrayList<>();
        for (Optional<String> next = events.nextData(); next.isPresent(); next = events.nextData()) {
            data.add(next.get());
        }
        return data;
    }

    private static List<String> dataOf(String stream) throws IOException {
        return dataOf(new ChoppedInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reads_data_with_and_without_a_space_after_the_colon() throws IOException {
        // given
        String stream = "data: {\"a\":1}\n\ndata:{\"b\":2}\n\ndata:  two spaces\n\n";

        // when
        List<String> data = dataOf(stream);

        // then
        assertThat(data).containsExactly("{\"a\":1}", "{\"b\":2}", " two spaces");
    }

    @Test
    void skips_comments_and_fields_other_than_data() throws IOException {
        // given
        String stream = ": keep-alive\n\nevent: message\nid: 7\nretry: 100\ndata: x\n: inside\n\n:only a comment\n\n";

        // when
        List<String> data = dataOf(stream);

        // then
        assertThat(data).containsExactly("x");
    }

    @Test
    void joins_the_data_lines_of_one_event_with_line_feeds() throws IOException {
        // given
        String stream = "data: first\ndata:second\ndata\ndata: third\n\n";

        // when
        List<String> data = dataOf(stream);

        // then
        assertThat(data).containsExactly("first\nsecond\n\nthird");
    }

    @Test
    void accepts_crlf_lf_and_cr_line_endings() throws IOException {
        // given
        String stream = "data: crlf\r\n\r\ndata: lf\n\ndata: cr\r\rdata: mixed\r\n\n";

        // when
        List<String> data = dataOf(stream);

        // then
        assertThat(data).containsExactly("crlf", "lf", "cr", "mixed");
    }

    @Test
    void delivers_a_last_event_without_its_blank_line_at_the_end_of_the_stream() throws IOException {
        // given
        String stream = "data: one\n\ndata: two";

        // when
        List<String> data = dataOf(stream);

        // then
        assertThat(data).containsExactly("one", "two");
    }

    @Test
    void drops_a_leading_byte_order_mark() throws IOException {
        // when
        List<String> data = dataOf("\uFEFFdata: x\n\n");

        // then
        assertThat(data).containsExactly("x");
    }

    @Test
    void decodes_multi_byte_characters_split_at_every_byte_position() throws IOException {
        // given
        String text = "héllo wörld 😀 世界 — «ok»";
        byte[] stream = ("data: " + text + "\r\n\r\ndata: [DONE]\r\n\r\n").getBytes(StandardCharsets.UTF_8);

        for (int cut = 1; cut < stream.length; cut++) {
            // when
            List<String> data = dataOf(new ChoppedInputStream(stream, cut));

            // then
            assertThat(data).as("cut at %d", cut).containsExactly(text, "[DONE]");
        }
        assertThat(dataOf(ChoppedInputStream.byteByByte(stream))).containsExactly(text, "[DONE]");
    }

    @Test
    void ends_with_nothing_for_an_empty_stream() throws IOException {
        // when
        List<String> data = dataOf("");

        // then
        assertThat(data).isEmpty();
    }
}
