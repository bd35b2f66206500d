package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GrounderTest {

    @Test
    void citations_do_not_repeat_the_document_title_in_the_location() {
        assertThat(Grounder.withoutTitle("Sleep notes > Methods > Sampling", "Sleep notes")).isEqualTo("Methods > Sampling");
        assertThat(Grounder.withoutTitle("Sleep notes", "Sleep notes")).isEmpty();
        assertThat(Grounder.withoutTitle("p. 3", "Sleep notes")).isEqualTo("p. 3");
        assertThat(Grounder.withoutTitle("Sleep notes extra > A", "Sleep notes")).isEqualTo("Sleep notes extra > A");
    }

    @Test
    void snippets_are_flattened_and_shortened() {
        assertThat(Grounder.snippet("  a\n\n b  ")).isEqualTo("a b");
        assertThat(Grounder.snippet("x".repeat(500))).hasSize(240).endsWith("…");
    }
}
