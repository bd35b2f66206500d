package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassageSpansTest {

    private final Chunker chunker = new Chunker(200, 60);

    private static String squeezed(String text) {
        return text.replaceAll("\\s+", "");
    }

    @Test
    void every_chunk_is_placed_in_its_section_with_its_page_even_where_chunks_overlap() {
        // given: two pages, the first long enough for overlapping chunks, its text wrapped by hand
        String first = ("Sleep spindles are short bursts of activity.\nThey follow learning closely. ").repeat(8)
                + "\n\nA second paragraph   with odd   spacing ends the page.";
        List<Section> sections = List.of(
                new Section(first, new Location.Page(1)),
                new Section("Page two says something else entirely.", new Location.Page(2)));
        List<Chunk> chunks = chunker.chunk(sections);

        // when
        List<PassageSpans.Span> spans = PassageSpans.of(sections, chunks);

        // then
        assertThat(chunks.size()).isGreaterThan(3);
        for (int i = 0; i < chunks.size(); i++) {
            PassageSpans.Span span = spans.get(i);
            Section section = sections.get(span.section());
            assertThat(span.ordinal()).isEqualTo(chunks.get(i).ordinal());
            assertThat(span.page()).isEqualTo(((Location.Page) section.location()).number());
            assertThat(squeezed(section.text().substring(span.start(), span.end())))
                    .isEqualTo(squeezed(chunks.get(i).text()));
        }
        assertThat(spans.getLast().section()).isEqualTo(1);
        assertThat(spans.get(1).start())
                .as("overlapping chunks start before the previous one ends")
                .isLessThan(spans.get(0).end());
    }

    @Test
    void sections_sharing_a_heading_are_told_apart_by_their_order() {
        // given: two sections under the same heading path, with the same opening
        List<Section> sections = List.of(
                new Section("Same start. First body.", new Location.Headings(List.of("Notes"))),
                new Section("Same start. Second body.", new Location.Headings(List.of("Notes"))));

        // when
        List<PassageSpans.Span> spans = PassageSpans.of(sections, chunker.chunk(sections));

        // then
        assertThat(spans).extracting(PassageSpans.Span::section).containsExactly(0, 1);
        assertThat(spans).extracting(PassageSpans.Span::page).containsOnly(0);
    }

    @Test
    void a_chunk_that_cannot_be_found_is_left_unplaced_and_the_next_ones_still_are() {
        // given: a chunk whose text is not in its section (as if a parser had changed)
        List<Section> sections = List.of(new Section("Alpha beta gamma. Delta epsilon.", new Location.Page(3)));
        List<Chunk> chunks =
                List.of(new Chunk(0, "p. 3", "Something else entirely."), new Chunk(1, "p. 3", "Delta epsilon."));

        // when
        List<PassageSpans.Span> spans = PassageSpans.of(sections, chunks);

        // then
        assertThat(spans.get(0).start()).isEqualTo(PassageSpans.UNPLACED);
        assertThat(spans.get(0).page()).isEqualTo(3);
        assertThat(spans.get(1).start()).isEqualTo("Alpha beta gamma. ".length());
    }
}
