package com.researchassistant.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.verify.Statements.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementsTest {

    private static List<String> spans(String text) {
        return Statements.of(text).stream()
                .map(s -> text.substring(s.start(), s.end()))
                .toList();
    }

    @Test
    void splits_paragraphs_list_items_and_quotes_into_sentences_in_place() {
        String text = "### Heading words here\nSleep helps memory [1]. It is\nwell known.\n\n"
                + "- *Spindles* run at 11-16 Hz [2].\n1. Naps help too [3].\n> Quoted claim is here.";
        assertThat(spans(text))
                .containsExactly(
                        "Sleep helps memory [1].",
                        "It is\nwell known.",
                        "*Spindles* run at 11-16 Hz [2].",
                        "Naps help too [3].",
                        "Quoted claim is here.");
    }

    @Test
    void the_plain_wording_drops_markdown_and_markers() {
        List<Statement> statements = Statements.of("**Slow-wave** sleep, see [the note](https://a.example) [1][2].");
        assertThat(statements).extracting(Statement::plain).containsExactly("Slow-wave sleep, see the note.");
    }

    @Test
    void code_rules_tables_rules_and_short_fragments_are_not_statements() {
        String text = "```\nx = 1. y = 2. z = 3.\n```\n---\n| a | b |\n|---|---|\n"
                + "| 12 mg a day | twice daily dose |\nOk [1].";
        assertThat(spans(text)).containsExactly("| 12 mg a day | twice daily dose |");
    }
}
