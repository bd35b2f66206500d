package com.researchassistant.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.researchassistant.config.ResearchConfig;
import com.researchassistant.llm.ChatMessage;
import com.researchassistant.llm.Usage;
import com.researchassistant.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterTest {

    private static final List<ChatMessage> PROMPT = List.of(ChatMessage.system("x".repeat(300)));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final RecordedEvents recorded = new RecordedEvents();

    @Test
    void grants_calls_until_the_model_call_budget_is_spent() {
        // given
        Meter meter = Budgets.meter(Budgets.withCalls(2, 100_000), clock, recorded);

        // when
        Meter.Allowance first = meter.modelCall(PROMPT, 100);
        Meter.Allowance second = meter.modelCall(PROMPT, 100);
        Meter.Allowance third = meter.modelCall(PROMPT, 100);

        // then
        assertThat(first).isInstanceOf(Meter.Grant.class);
        assertThat(second).isInstanceOf(Meter.Grant.class);
        assertThat(third).isEqualTo(new Meter.Denied(Meter.Limit.MODEL_CALLS));
        assertThat(meter.spent().modelCalls()).isEqualTo(2);
    }

    @Test
    void grants_no_more_answer_than_the_tokens_left_allow_and_never_goes_beyond_them() {
        // given a prompt estimated at 108 tokens and a budget of 400
        Meter meter = Budgets.meter(Budgets.withCalls(10, 400), clock, recorded);

        // when
        Meter.Grant grant = (Meter.Grant) meter.modelCall(PROMPT, 1_000);
        meter.settle(grant, new Usage(80, grant.completionTokens()), "");
        Meter.Allowance next = meter.modelCall(PROMPT, 1_000);

        // then
        assertThat(grant.promptTokens()).isEqualTo(Meter.estimate(PROMPT));
        assertThat(grant.promptTokens() + grant.completionTokens()).isEqualTo(400);
        assertThat(meter.spent().tokens()).isLessThanOrEqualTo(400);
        assertThat(next).isEqualTo(new Meter.Denied(Meter.Limit.TOKENS));
    }

    @Test
    void a_call_whose_upstream_gave_no_counts_is_counted_from_its_estimates() {
        // given
        Meter meter = Budgets.meter(Budgets.withCalls(10, 10_000), clock, recorded);
        Meter.Grant grant = (Meter.Grant) meter.modelCall(PROMPT, 200);

        // when
        meter.settle(grant, Usage.UNKNOWN, "one two three four five six");

        // then
        assertThat(meter.spent().promptTokens()).isEqualTo(grant.promptTokens());
        assertThat(meter.spent().completionTokens()).isEqualTo(Meter.estimate("one two three four five six"));
    }

    @Test
    void refuses_calls_once_too_little_time_is_left() {
        // given
        ResearchConfig.Budget budget = new ResearchConfig.Budget(10, 10_000, 5, Duration.ofSeconds(60), 3, 3, 100, 3);
        Meter meter = Budgets.meter(budget, clock, recorded);

        // when
        clock.advance(Duration.ofSeconds(57)); // 1 s left before the 2 s kept for storing

        // then
        assertThat(meter.modelCall(PROMPT, 100)).isEqualTo(new Meter.Denied(Meter.Limit.TIME));
        clock.advance(Duration.ofSeconds(10));
        assertThat(meter.expired()).isTrue();
    }

    @Test
    void a_resumed_job_carries_over_what_it_spent_before() {
        // given
        Meter.Spent before = new Meter.Spent(4, 1_000, 500, 0, 50_000);
        Meter meter =
                new Meter(Budgets.withCalls(5, 2_000), clock, before, List.of("an earlier cut"), m -> {}, spent -> {});

        // when
        Meter.Allowance one = meter.modelCall(PROMPT, 100);
        Meter.Allowance two = meter.modelCall(PROMPT, 100);

        // then
        assertThat(one).isInstanceOf(Meter.Grant.class);
        assertThat(two).isEqualTo(new Meter.Denied(Meter.Limit.MODEL_CALLS));
        assertThat(meter.spent().elapsedMillis()).isEqualTo(50_000);
        assertThat(meter.cuts()).containsExactly("an earlier cut");
    }

    @Test
    void each_cut_is_reported_once() {
        // given
        Meter meter = Budgets.meter(Budgets.ample(), clock, recorded);

        // when
        meter.cut("left out A");
        meter.cut("left out A");
        meter.cut("left out B");

        // then
        assertThat(meter.cuts()).containsExactly("left out A", "left out B");
        assertThat(recorded.named("cut"))
                .extracting(data -> data.path("message").asText())
                .containsExactly("left out A", "left out B");
    }

    @Test
    void a_source_read_is_taken_from_the_budget_until_none_is_left() {
        // given
        Meter meter = Budgets.meter(Budgets.withSources(2), clock, recorded);

        // then
        assertThat(meter.takeRead()).isTrue();
        assertThat(meter.takeRead()).isTrue();
        assertThat(meter.takeRead()).isFalse();
        assertThat(meter.spent().sourcesRead()).isEqualTo(2);
    }
}
