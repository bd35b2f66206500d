package com.researchassistant.web;

import static com.researchassistant.testing.TestApp.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import com.researchassistant.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrieval quality with the real parts: the MiniLM embedder, the Lucene hybrid index and the
 * sample library, on questions phrased unlike the text they should find.
 */
class SampleRetrievalQualityIT {

    private record Labelled(String question, String document, String section) {}

    private static final String SLEEP = "Sleep and memory consolidation";
    private static final String POWER = "Statistical power and sample size";
    private static final String RAG = "Retrieval-augmented generation";
    private static final String READING = "Reading a research paper efficiently";

    private static final List<Labelled> SET = List.of(
            new Labelled(
                    "Why do small pilot studies overestimate how big an effect is?", POWER, "Choosing the effect size"),
            new Labelled(
                    "Does losing a night of rest hurt the ability to learn new facts?", SLEEP, "Sleep deprivation"),
            new Labelled(
                    "How can I check that a retrieval pipeline finds the right chunks?",
                    RAG,
                    "Evaluating a RAG system"),
            new Labelled("What should I look at on a first quick skim of an article?", READING, "First pass"),
            new Labelled("How many participants per group do I need for a small effect?", POWER, ""),
            new Labelled("Is REM sleep tied to emotional memories?", SLEEP, "Procedural and emotional memory"),
            new Labelled(
                    "Why does a model still make things up when the documents it was given are wrong?",
                    RAG,
                    "Common failure modes"),
            new Labelled("How should I keep notes while reading scientific papers?", READING, "Keeping notes"),
            new Labelled("hippocampus replaying the day's experiences during deep sleep", SLEEP, "Declarative memory"),
            new Labelled("cutting documents into pieces before computing embeddings", RAG, "Ingestion"),
            new Labelled("Is it useful to compute power after the study is finished?", POWER, "Power after the fact"),
            new Labelled("checking whether the statistics in a paper can be reproduced", READING, "Third pass"));

    @TempDir
    Path dir;

    @Test
    void finds_the_right_document_first_and_the_right_section_in_the_top_five() {
        int documentFirst = 0;
        int sectionInFive = 0;
        int withSection = 0;
        try (TestApp app = TestApp.start(dir, Map.of())) {
            assertThat(app.postJson("/api/library/samples", ALICE, "{}").statusCode())
                    .isEqualTo(201);
            for (Labelled l : SET) {
                JsonNode hits = JsonPaths.tree(app.get(
                                        "/api/library/search?k=5&q="
                                                + URLEncoder.encode(l.question(), StandardCharsets.UTF_8),
                                        ALICE)
                                .body())
                        .at("/results");
                if (hits.get(0).at("/title").asText().equals(l.document())) {
                    documentFirst++;
                }
                if (!l.section().isEmpty()) {
                    withSection++;
                    for (JsonNode hit : hits) {
                        if (hit.at("/title").asText().equals(l.document())
                                && hit.at("/location").asText().contains(l.section())) {
                            sectionInFive++;
                            break;
                        }
                    }
                }
            }
        }
        double top1 = (double) documentFirst / SET.size();
        double recall5 = (double) sectionInFive / withSection;
        assertThat(top1)
                .as("document accuracy at rank 1: %d of %d", documentFirst, SET.size())
                .isGreaterThanOrEqualTo(0.9);
        assertThat(recall5)
                .as("section recall@5: %d of %d", sectionInFive, withSection)
                .isGreaterThanOrEqualTo(0.8);
    }
}
