package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportTextTest {

    private static final List<ReportSource> SOURCES =
            List.of(ReaderTest.paper(1, "https://oa.example.org/1.pdf", "a"), ReaderTest.paper(2, "", "b"));
    private final ReportText text = new ReportText(SOURCES);

    @Test
    void takes_out_images_html_and_links_that_are_not_the_reports_sources() {
        // when
        String cleaned = text.clean("See ![x](https://evil.example.com/p?q=secret) this [click here]"
                + "(https://evil.example.com/login) or <script>alert(1)</script> https://evil.example.com/raw.");

        // then
        assertThat(cleaned).isEqualTo("See  this click here or alert(1) (link removed).");
    }

    @Test
    void keeps_links_to_the_reports_own_sources_and_their_dois() {
        // when
        String cleaned = text.clean("Read [the paper](https://oa.example.org/1.pdf) or https://doi.org/10.1/2.");

        // then
        assertThat(cleaned).isEqualTo("Read [the paper](https://oa.example.org/1.pdf) or https://doi.org/10.1/2.");
    }

    @Test
    void citations_keep_only_numbers_of_sources_the_report_has() {
        // when
        String cleaned = text.clean("Claim [1]. Other [2, 7]. Made up [9]. Year [2021] stays out.");

        // then
        assertThat(cleaned).isEqualTo("Claim [1]. Other [2]. Made up. Year stays out.");
    }

    @Test
    void cleaning_streamed_pieces_cut_where_it_is_safe_gives_the_text_cleaned_whole() {
        // given
        String answer = "Sleep helps [1]. See [this](https://evil.example.com/x) and ![i](https://e.example/i.png)"
                + " or https://evil.example.com/raw, but [paper](https://oa.example.org/1.pdf) is fine [2, 5].\n\n"
                + "A <b>bold</b> claim [3] and www.evil.example.com too [1].";
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            // when the text arrives in random pieces and is cleaned as it goes
            StringBuilder pending = new StringBuilder();
            StringBuilder out = new StringBuilder();
            int at = 0;
            while (at < answer.length()) {
                int next = Math.min(answer.length(), at + 1 + random.nextInt(12));
                pending.append(answer, at, next);
                at = next;
                int safe = ReportText.safeEnd(pending.toString());
                out.append(text.clean(pending.substring(0, safe)));
                pending.delete(0, safe);
            }
            out.append(text.clean(pending.toString()));

            // then
            assertThat(out.toString()).isEqualTo(text.clean(answer));
        }
    }

    @Test
    void a_section_is_sent_a_paragraph_or_an_interval_at_a_time_never_a_token_at_a_time() {
        // given
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
        RecordedEvents recorded = new RecordedEvents();
        SectionStream stream = new SectionStream(3, recorded.events(), text, clock, Duration.ofMillis(250));

        // when tokens come 20 ms apart
        for (String token :
                "One two three four five six seven. Eight nine ten eleven twelve thirteen [1].\n\nNew paragraph starts here"
                        .split("(?<= )|(?<=\n\n)")) {
            clock.advance(Duration.ofMillis(20));
            stream.accept(token);
        }
        String stored = stream.finish();

        // then
        List<String> deltas = recorded.named("section_delta").stream()
                .map(d -> d.path("text").asText())
                .toList();
        assertThat(deltas.size()).isBetween(3, 6);
        assertThat(String.join("", deltas).strip()).isEqualTo(stored);
        assertThat(recorded.named("section_delta"))
                .allSatisfy(d -> assertThat(d.path("index").asInt()).isEqualTo(3));
        assertThat(stored)
                .isEqualTo("One two three four five six seven. Eight nine ten eleven twelve thirteen [1].\n\n"
                        + "New paragraph starts here");
    }
}
