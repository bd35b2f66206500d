package com.researchassistant.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkerTest {

    private final Chunker chunker = new Chunker(200, 60);

    @Test
    void a_short_section_is_one_chunk_with_the_section_location() {
        // given
        Section section = new Section("Spindles help memory.", new Location.Page(3));

        // when
        List<Chunk> chunks = chunker.chunk(List.of(section));

        // then
        assertThat(chunks).containsExactly(new Chunk(0, "p. 3", "Spindles help memory."));
    }

    @Test
    void chunks_never_span_sections_and_each_keeps_its_own_location() {
        // given
        List<Section> sections = List.of(
                new Section("Intro text.", Location.Headings.top()),
                new Section("We sampled.", new Location.Headings(List.of("Methods", "Sampling"))),
                new Section("It worked.", new Location.Headings(List.of("Results"))));

        // when
        List<Chunk> chunks = chunker.chunk(sections);

        // then
        assertThat(chunks).extracting(Chunk::ordinal).containsExactly(0, 1, 2);
        assertThat(chunks).extracting(Chunk::location).containsExactly("", "Methods > Sampling", "Results");
        assertThat(chunks).extracting(Chunk::text).containsExactly("Intro text.", "We sampled.", "It worked.");
    }

    @Test
    void long_text_is_cut_near_the_target_on_sentence_boundaries_with_overlap() {
        // given
        String text = sentences(30);

        // when
        List<Chunk> chunks = chunker.chunk(List.of(new Section(text, new Location.Page(1))));

        // then
        assertThat(chunks).hasSizeGreaterThan(3);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.text().length()).isLessThanOrEqualTo(200);
            assertThat(chunk.text()).startsWith("Sentence").endsWith(".");
            assertThat(chunk.location()).isEqualTo("p. 1");
        });
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String lastSentence = previous.substring(previous.lastIndexOf("Sentence"));
            assertThat(chunks.get(i).text())
                    .as("chunk %d repeats the end of chunk %d", i, i - 1)
                    .startsWith(lastSentence);
        }
        assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList()))
                .contains(IntStream.range(0, 30)
                        .mapToObj(i -> "number " + i + " ")
                        .toList());
    }

    @Test
    void a_paragraph_end_is_preferred_once_a_chunk_is_mostly_full() {
        // given
        String first = "A".repeat(60) + ". " + "B".repeat(60) + ". " + "C".repeat(40) + ".";
        String second = "Short one. Another short one.";

        // when
        List<Chunk> chunks = chunker.chunk(List.of(new Section(first + "\n\n" + second, Location.Headings.top())));

        // then
        assertThat(chunks).hasSize(2);
        assertThat(chunks.get(0).text()).isEqualTo(first);
        assertThat(chunks.get(1).text()).endsWith(second);
    }

    @Test
    void a_sentence_longer_than_a_chunk_is_split_at_spaces_or_hard_when_it_has_none() {
        // given
        String words = IntStream.range(0, 80).mapToObj(i -> "word" + i).collect(Collectors.joining(" "));
        String unbroken = "x".repeat(450);

        // when
        List<Chunk> chunks = chunker.chunk(
                List.of(new Section(words, Location.Headings.top()), new Section(unbroken, Location.Headings.top())));

        // then
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.text().length()).isLessThanOrEqualTo(200));
        assertThat(chunks)
                .filteredOn(c -> c.text().startsWith("word"))
                .allSatisfy(c -> assertThat(c.text()).matches("(word\\d+ ?)+"));
        assertThat(chunks.stream()
                        .filter(c -> c.text().startsWith("x"))
                        .mapToInt(c -> c.text().length())
                        .sum())
                .isGreaterThanOrEqualTo(450);
    }

    @Test
    void whitespace_inside_a_paragraph_is_collapsed_and_paragraphs_stay_apart() {
        // given
        Section section = new Section("Line one\ncontinues here.\n\n\n  Next   paragraph.", Location.Headings.top());

        // when
        List<Chunk> chunks = chunker.chunk(List.of(section));

        // then
        assertThat(chunks)
                .singleElement()
                .extracting(Chunk::text)
                .isEqualTo("Line one continues here.\n\nNext paragraph.");
    }

    @Test
    void text_the_sentence_splitter_breaks_without_a_space_is_kept_as_written() {
        // given: the splitter breaks after a period followed by a letter or an underscore
        Section section =
                new Section("Set window.__pwned to true.Then call e.g.x() as shown. Done.", Location.Headings.top());

        // when
        List<Chunk> chunks = chunker.chunk(List.of(section));

        // then
        assertThat(chunks)
                .singleElement()
                .extracting(Chunk::text)
                .isEqualTo("Set window.__pwned to true.Then call e.g.x() as shown. Done.");
    }

    @Test
    void chunking_is_deterministic() {
        // given
        List<Section> sections = List.of(new Section(sentences(25), new Location.Page(2)));

        // when / then
        assertThat(new Chunker(200, 60).chunk(sections)).isEqualTo(chunker.chunk(sections));
    }

    private static String sentences(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "Sentence number " + i + " says something about memory and sleep.")
                .collect(Collectors.joining(" "));
    }
}
