package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.chat.TraceStep;
import com.researchassistant.config.ResearchConfig;
import com.researchassistant.testing.FakeEmbedder;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RecordedEvents recorded = new RecordedEvents();
    private final FakeEmbedder embedder = new FakeEmbedder();
    private final List<TraceStep> trace = new ArrayList<>();
    private final List<ReportSource> sources =
            List.of(ReaderTest.paper(1, "", "x"), ReaderTest.paper(2, "", "y"), ReaderTest.paper(3, "", "z"));

    private Writer.Desk desk(ResearchConfig.Budget budget) {
        JobIndex index = new JobIndex(embedder.dimensions());
        add(index, sources.get(0), "Slow-wave sleep replays hippocampal memories during the night.");
        add(index, sources.get(1), "Sleep spindles predict how much people recall the next morning.");
        add(index, sources.get(2), "Norwegian tax law changed in 2019 for small firms.");
        return new Writer.Desk(
                "Does sleep help memory?",
                index,
                new ReportText(sources),
                new Prompts("n0nce"),
                Budgets.meter(budget, clock, recorded),
                recorded.events(),
                trace::add);
    }

    private void add(JobIndex index, ReportSource source, String text) {
        index.add(source, List.of(text), embedder.embedAll(List.of(text)));
    }

    private Writer writer(FakeModels models) {
        return new Writer(new ModelCalls(models, clock), embedder, clock, Duration.ofMillis(250));
    }

    @Test
    void writes_a_section_from_the_passages_closest_to_its_sub_question_streamed_and_cited() throws Exception {
        // given
        FakeModels models = FakeModels.researcher();
        ResearchConfig.Budget two = new ResearchConfig.Budget(5, 50_000, 5, Duration.ofMinutes(5), 3, 3, 300, 2);

        // when
        Section section = writer(models).finding(0, "How does sleep replay memories?", desk(two));

        // then
        assertThat(section.method()).isEqualTo("model");
        assertThat(section.text())
                .isEqualTo("Sleep strengthens new memories [1]. Slow-wave sleep replays them [2].\n\n"
                        + "Deprivation impairs recall [1, 2].");
        String prompt = models.calls().getFirst().user();
        assertThat(prompt)
                .contains("This section answers: How does sleep replay memories?")
                .contains("Slow-wave sleep replays")
                .doesNotContain("Norwegian tax law");
        assertThat(models.calls().getFirst().maxTokens()).isEqualTo(300);
        assertThat(recorded.names()).containsSubsequence("section_started", "section_delta", "section_done");
        assertThat(recorded.named("section_done").getFirst().path("method").asText())
                .isEqualTo("model");
        assertThat(trace)
                .singleElement()
                .satisfies(step -> assertThat(step.model()).isEqualTo(FakeModels.MODEL));
    }

    @Test
    void a_short_answer_still_held_back_when_the_model_finishes_is_the_models_section() throws Exception {
        // given one paragraph, all of it within the first interval: nothing sent before the end
        FakeModels models = FakeModels.answering(call -> "Replay strengthens memories [1].");

        // when
        Section section = writer(models).finding(0, "How does sleep replay memories?", desk(Budgets.ample()));

        // then
        assertThat(section.method()).isEqualTo("model");
        assertThat(section.text()).isEqualTo("Replay strengthens memories [1].");
    }

    @Test
    void a_section_no_model_can_write_is_quoted_from_the_sources_and_says_so() throws Exception {
        // when
        Section section = writer(FakeModels.researcher().failWhen(call -> true))
                .finding(0, "How does sleep replay memories?", desk(Budgets.ample()));

        // then
        assertThat(section.method()).isEqualTo("extract");
        assertThat(section.text())
                .startsWith("No model could write this section")
                .contains("> Slow-wave sleep replays hippocampal memories during the night. [1]");
        assertThat(trace.getFirst().fallbackUsed()).isTrue();
    }

    @Test
    void a_section_beyond_the_model_call_budget_is_quoted_and_the_cut_is_said() throws Exception {
        // given
        Writer.Desk desk = desk(Budgets.withCalls(0, 50_000));

        // when
        Section section = writer(FakeModels.researcher()).finding(0, "Do spindles predict recall?", desk);

        // then
        assertThat(section.method()).isEqualTo("extract");
        assertThat(desk.meter().cuts())
                .singleElement()
                .asString()
                .contains("Do spindles predict recall?")
                .contains("the model-call budget was spent");
    }

    @Test
    void the_closing_section_weighs_the_sections_written_against_the_sources() throws Exception {
        // given
        FakeModels models = FakeModels.researcher();
        Section first =
                new Section("How does sleep replay memories?", Section.FINDINGS, "Replay happens [1].", "model");

        // when
        Section closing = writer(models).disagreements(1, List.of(first), desk(Budgets.ample()));

        // then
        assertThat(closing.title()).isEqualTo(Writer.DISAGREEMENTS_TITLE);
        assertThat(closing.kind()).isEqualTo(Section.DISAGREEMENTS);
        assertThat(models.calls().getFirst().user()).contains("<<DRAFT n0nce>>\n## How does sleep replay memories?");
    }
}
