package com.researchassistant.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResearchConfigTest {

    @Test
    void research_has_its_own_small_queue_one_job_a_person_and_depths_of_about_one_to_five_minutes() {
        // when
        ResearchConfig research = new ConfigLoader(Map.of()).load().research();

        // then
        assertThat(research.workers()).isEqualTo(2);
        assertThat(research.queueCapacity()).isEqualTo(8);
        assertThat(research.perIdentity()).isEqualTo(1);
        assertThat(research.deltaInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(research.quick())
                .isEqualTo(new ResearchConfig.Budget(5, 16_000, 6, Duration.ofSeconds(60), 3, 4, 350, 4));
        assertThat(research.standard().wallTime()).isEqualTo(Duration.ofSeconds(150));
        assertThat(research.deep().wallTime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(research.deep().subQuestions()).isEqualTo(8);
    }

    @Test
    void a_depths_budget_takes_the_keys_given_and_keeps_the_others() {
        // when
        ResearchConfig research = new ConfigLoader(
                        Map.of("RA_RESEARCH_QUICK", " calls=2, TIME=30s ,sources=3", "RA_RESEARCH_PER_IDENTITY", "2"))
                .load()
                .research();

        // then
        assertThat(research.quick())
                .isEqualTo(new ResearchConfig.Budget(2, 16_000, 3, Duration.ofSeconds(30), 3, 4, 350, 4));
        assertThat(research.perIdentity()).isEqualTo(2);
    }

    @Test
    void a_bad_research_setting_names_its_variable() {
        assertThatThrownBy(() -> load("RA_RESEARCH_DEEP", "calls=many"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_DEEP")
                .hasMessageContaining("calls");
        assertThatThrownBy(() -> load("RA_RESEARCH_DEEP", "speed=11"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_DEEP")
                .hasMessageContaining("section_tokens");
        assertThatThrownBy(() -> load("RA_RESEARCH_STANDARD", "questions=9"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_STANDARD")
                .hasMessageContaining("between 3 and 8");
        assertThatThrownBy(() -> load("RA_RESEARCH_QUICK", "time=soon"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_QUICK");
        assertThatThrownBy(() -> load("RA_RESEARCH_PER_IDENTITY", "0"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_PER_IDENTITY");
        assertThatThrownBy(() -> new ConfigLoader(Map.of("RA_RESEARCH_POLL", "1m", "RA_RESEARCH_LEASE", "30s")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("RA_RESEARCH_POLL");
    }

    private static AppConfig load(String name, String value) {
        return new ConfigLoader(Map.of(name, value)).load();
    }
}
