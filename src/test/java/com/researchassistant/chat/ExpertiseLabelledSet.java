package com.researchassistant.chat;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Questions written for this project and labelled by hand with the expertise that should answer
 * them, nine per expertise, to measure {@link ExpertAgent}. They are phrased as people ask a
 * research assistant that cites their library, including the ambiguous cases (an explanation of a
 * statistical idea, a clinical word in a legal question). Alternate questions form two halves:
 * changes to the agent are made looking at the development half only, and the held-out half
 * checks that they were not fitted to its wording.
 */
final class ExpertiseLabelledSet {

    private ExpertiseLabelledSet() {}

    record Labelled(String question, String expertise) {}

    static final List<Labelled> QUESTIONS = List.of(
            librarian("What does my library say about sleep and memory consolidation?"),
            librarian("Which of my papers discuss retrieval-augmented generation?"),
            librarian("Find sources on how critical reading of research papers is taught."),
            librarian("Where can I read more about the history of the printing press?"),
            librarian("What are the key references on memory replay during slow-wave sleep?"),
            librarian("Give me an overview of what these documents cover."),
            librarian("Which articles in my notes mention the hippocampus?"),
            librarian("What is the evidence that naps improve recall?"),
            librarian("List the main papers on coral reef bleaching and what each one found."),
            statistician("Is a p-value of 0.03 with 20 participants convincing?"),
            statistician("How do I compute the statistical power for a two-group comparison?"),
            statistician("What sample size would I need to detect a small effect?"),
            statistician("Are the confidence intervals in this study too wide to conclude anything?"),
            statistician("Should I correct for multiple comparisons when testing ten outcomes?"),
            statistician("What is the difference between a Bayesian credible interval and a frequentist confidence"
                    + " interval?"),
            statistician("The study reports an odds ratio of 1.4; how large an effect is that?"),
            statistician("Does regression to the mean explain the improvement in the follow-up scores?"),
            statistician("Is the null hypothesis rejected if the interval includes zero?"),
            clinician("What do clinical trials say about melatonin for insomnia in older adults?"),
            clinician("Is ibuprofen safe to take with blood pressure medication?"),
            clinician("What are the first-line treatments for type 2 diabetes?"),
            clinician("How reliable is this diagnostic test for early Alzheimer's disease?"),
            clinician("What dose of vitamin D do guidelines recommend for patients with a deficiency?"),
            clinician("Does cognitive behavioural therapy work for chronic insomnia?"),
            clinician("What side effects were reported in the vaccine trial?"),
            clinician("Which symptoms distinguish long COVID from chronic fatigue syndrome?"),
            clinician("How does sleep deprivation affect recovery after surgery?"),
            engineer("My Java service throws a NullPointerException on startup; how do I debug it?"),
            engineer("How do I install the app with Docker Compose?"),
            engineer("Why does my Python script fail with a UnicodeDecodeError?"),
            engineer("How should I structure the REST API for uploading documents?"),
            engineer("Git says my branch has diverged; how do I fix it?"),
            engineer("What is the best way to configure the server behind nginx?"),
            engineer("The SQL query for the search page is slow; how can I speed it up?"),
            engineer("How do I write a unit test for a function that calls an external API?"),
            engineer("Explain the stack trace in this error log."),
            dataScientist("How should I split my dataset into training and test sets?"),
            dataScientist("Which machine learning model suits a small tabular dataset?"),
            dataScientist("How do I handle missing values in a pandas data frame?"),
            dataScientist("My classifier has 98% accuracy but misses most positives; what is wrong?"),
            dataScientist("How do embeddings and vector search work in retrieval-augmented generation?"),
            dataScientist("What chart would best show the trend in these measurements over time?"),
            dataScientist("How do I evaluate a recommender system offline?"),
            dataScientist("Should I normalise the features before clustering?"),
            dataScientist("How can I tell whether my model is overfitting?"),
            lawyer("Can I share these PDFs with my students under copyright law?"),
            lawyer("Does GDPR apply to interview recordings stored on my laptop?"),
            lawyer("What licence should I choose to publish my dataset openly?"),
            lawyer("Is a click-through agreement a binding contract?"),
            lawyer("Who owns the rights to a thesis written during employment?"),
            lawyer("What does fair use allow when quoting a published paper?"),
            lawyer("Do I need consent to use participants' quotes in a publication?"),
            lawyer("Which regulations govern clinical data sharing in the EU?"),
            lawyer("Can a university be held liable for a student's research misconduct?"),
            educator("Explain how photosynthesis works in simple terms."),
            educator("Teach me the basics of Bayes' theorem with an example."),
            educator("I'm a beginner: what is a neural network?"),
            educator("Help me understand what memory consolidation means."),
            educator("Can you give me an intuition for why the sky is blue?"),
            educator("How would you explain entropy to a high-school student?"),
            educator("Quiz me on the main ideas of the sleep paper."),
            educator("What's the simplest way to understand how vaccines train the immune system?"),
            educator("Walk me through the steps of reading a research paper."),
            writer("Write a short blog post about how sleep helps memory."),
            writer("Summarise the retrieval-augmented generation document for a general audience."),
            writer("Draft a press release about our coral reef findings."),
            writer("Rewrite this abstract in plain language."),
            writer("Turn my notes on statistical power into a one-paragraph explainer for newsletter readers."),
            writer("Write an engaging introduction for a popular article on black holes."),
            writer("Suggest a catchy title for a talk about sleep and learning."),
            writer("Make this paragraph clearer for readers without a science background."),
            writer("Write a story that explains how the hippocampus replays memories."));

    /** The even-numbered questions: the ones looked at while changing the agent. */
    static List<Labelled> development() {
        return IntStream.range(0, QUESTIONS.size())
                .filter(i -> i % 2 == 0)
                .mapToObj(QUESTIONS::get)
                .toList();
    }

    /** The odd-numbered questions: only measured, never used to decide a change. */
    static List<Labelled> heldOut() {
        return IntStream.range(0, QUESTIONS.size())
                .filter(i -> i % 2 == 1)
                .mapToObj(QUESTIONS::get)
                .toList();
    }

    private static Labelled librarian(String q) {
        return new Labelled(q, "research_librarian");
    }

    private static Labelled statistician(String q) {
        return new Labelled(q, "statistician");
    }

    private static Labelled clinician(String q) {
        return new Labelled(q, "medical_researcher");
    }

    private static Labelled engineer(String q) {
        return new Labelled(q, "software_engineer");
    }

    private static Labelled dataScientist(String q) {
        return new Labelled(q, "data_scientist");
    }

    private static Labelled lawyer(String q) {
        return new Labelled(q, "legal_analyst");
    }

    private static Labelled educator(String q) {
        return new Labelled(q, "educator");
    }

    private static Labelled writer(String q) {
        return new Labelled(q, "science_writer");
    }
}
