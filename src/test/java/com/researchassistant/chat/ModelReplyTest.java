package com.researchassistant.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelReplyTest {

    @Test
    void reads_a_bare_object() {
        // when
        Optional<JsonNode> json = ModelReply.firstObject("{\"intent\": \"casual_conversation\", \"confidence\": 0.9}");

        // then
        assertThat(json)
                .hasValueSatisfying(
                        j -> assertThat(j.path("confidence").asDouble()).isEqualTo(0.9));
    }

    @Test
    void reads_the_object_out_of_prose_and_a_code_fence() {
        // given
        String reply = "Sure! Here it is:\n```json\n{\"intent\": \"creative_generation\", \"confidence\": 0.9}\n```\n"
                + "Hope that helps {really}.";

        // when
        Optional<JsonNode> json = ModelReply.firstObject(reply);

        // then
        assertThat(json)
                .hasValueSatisfying(j -> assertThat(j.path("intent").asText()).isEqualTo("creative_generation"));
    }

    @Test
    void skips_braces_in_prose_before_the_object() {
        // given
        String reply = "The {intent} is below, as {asked}: {\"intent\": \"troubleshooting\", \"confidence\": 0.7}";

        // when
        Optional<JsonNode> json = ModelReply.firstObject(reply);

        // then
        assertThat(json)
                .hasValueSatisfying(j -> assertThat(j.path("intent").asText()).isEqualTo("troubleshooting"));
    }

    @Test
    void keeps_braces_and_quotes_inside_strings() {
        // given
        String reply = "{\"message\": \"use \\\"{x}\\\" and } freely\", \"notes\": []} trailing }";

        // when
        Optional<JsonNode> json = ModelReply.firstObject(reply);

        // then
        assertThat(json).hasValueSatisfying(j -> {
            assertThat(j.path("message").asText()).isEqualTo("use \"{x}\" and } freely");
            assertThat(j.path("notes").isArray()).isTrue();
        });
    }

    @Test
    void of_two_objects_takes_the_first() {
        // given
        String reply = "{\"intent\": \"task_execution\"}\n{\"intent\": \"information_request\"}";

        // when
        Optional<JsonNode> json = ModelReply.firstObject(reply);

        // then
        assertThat(json)
                .hasValueSatisfying(j -> assertThat(j.path("intent").asText()).isEqualTo("task_execution"));
    }

    @Test
    void a_reply_cut_off_inside_the_object_has_none_not_an_inner_one() {
        // given: the outer object never closes, though a note inside it does
        String reply = "{\"notes\": [{\"category\": \"medical\", \"severity\": \"info\", \"message\": \"Ask a doc";

        // when / then
        assertThat(ModelReply.firstObject(reply)).isEmpty();
        assertThat(ModelReply.firstObject("{\"notes\": [{\"category\": \"medical\"}, "))
                .isEmpty();
    }

    @Test
    void broken_json_and_prose_without_an_object_have_none() {
        assertThat(ModelReply.firstObject("{intent: 'casual', confidence: high}"))
                .isEmpty();
        assertThat(ModelReply.firstObject("I cannot classify this message.")).isEmpty();
        assertThat(ModelReply.firstObject("[\"an\", \"array\"]")).isEmpty();
        assertThat(ModelReply.firstObject("")).isEmpty();
    }

    @Test
    void an_object_nested_past_the_parsers_limit_is_not_an_answer() {
        // given
        String deep = "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);

        // when / then
        assertThat(ModelReply.firstObject(deep)).isEmpty();
    }
}
