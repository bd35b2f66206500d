package com.researchassistant.chat;

import com.researchassistant.chat.IntentAgentTest.Labelled;
import java.util.List;

/** Messages labelled by hand, three per intent, to measure the rule classifier. */
final class IntentRulesLabelledSet {

    private IntentRulesLabelledSet() {}

    static final List<Labelled> MESSAGES = List.of(
            new Labelled("What is the half-life of caffeine?", Intent.INFORMATION_REQUEST),
            new Labelled("Who wrote the first paper on transformers?", Intent.INFORMATION_REQUEST),
            new Labelled("Tell me about the history of the printing press", Intent.INFORMATION_REQUEST),
            new Labelled("Generate a table of the key results for me", Intent.TASK_EXECUTION),
            new Labelled("Summarise this document in five bullet points", Intent.TASK_EXECUTION),
            new Labelled("Please translate the abstract into French", Intent.TASK_EXECUTION),
            new Labelled("Write a poem about the ocean at night", Intent.CREATIVE_GENERATION),
            new Labelled("Can you make up a short story about a robot librarian?", Intent.CREATIVE_GENERATION),
            new Labelled("Compose a haiku about autumn leaves", Intent.CREATIVE_GENERATION),
            new Labelled(
                    "Compare the evidence for intermittent fasting versus calorie restriction",
                    Intent.ANALYSIS_RESEARCH),
            new Labelled("Analyze the methodology of this meta-analysis", Intent.ANALYSIS_RESEARCH),
            new Labelled(
                    "What does the literature say about screen time and sleep in teenagers?", Intent.ANALYSIS_RESEARCH),
            new Labelled("Hi there!", Intent.CASUAL_CONVERSATION),
            new Labelled("Thanks, that was really helpful", Intent.CASUAL_CONVERSATION),
            new Labelled("Good morning, how are you today?", Intent.CASUAL_CONVERSATION),
            new Labelled("I get a NullPointerException when I run the import", Intent.TROUBLESHOOTING),
            new Labelled("The upload doesn't work and the page just crashes", Intent.TROUBLESHOOTING),
            new Labelled("My script keeps failing with an error about encoding", Intent.TROUBLESHOOTING),
            new Labelled("Explain how photosynthesis works", Intent.EDUCATION_LEARNING),
            new Labelled("Teach me the basics of linear algebra", Intent.EDUCATION_LEARNING),
            new Labelled("Help me understand Bayes' theorem in simple terms", Intent.EDUCATION_LEARNING),
            new Labelled("How do I install the library on Windows?", Intent.TECHNICAL_SUPPORT),
            new Labelled("How can I configure the API token for the service?", Intent.TECHNICAL_SUPPORT),
            new Labelled("What's the best way to deploy this with Docker?", Intent.TECHNICAL_SUPPORT));
}
