package com.researchassistant.research;

import com.researchassistant.sources.FoundSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A source found for a report: a document of the person's library or a work a provider found.
 * Absent text fields are "", an unknown year 0. Stored in the job's checkpoint, so a job resumed
 * after a restart reads the same sources.
 *
 * @param number its citation number once selected, 0 before
 * @param kind "library", "paper" (a work with a DOI, arXiv id or PMID) or "web"
 * @param provider the source that found it first: "library", "openalex", ...
 * @param url the page about the work; for a web result, the page itself
 * @param fullTextUrl an open-access full text the provider gave
 * @param abstractText the abstract or snippet; for a library document, the passages found
 * @param documentId the library document's id, "" for outside sources
 * @param subQuestions the sub-questions (0-based) whose searches found it
 * @param score how close it is to the question, comparable only within one job
 */
public record ReportSource(
        int number,
        String kind,
        String provider,
        String title,
        List<String> authors,
        int year,
        String venue,
        String doi,
        String arxivId,
        String pmid,
        String url,
        String fullTextUrl,
        String abstractText,
        String documentId,
        List<Integer> subQuestions,
        double score) {

    public static final String LIBRARY = "library";
    public static final String PAPER = "paper";
    public static final String WEB = "web";

    public ReportSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(title, "title");
        authors = authors == null ? List.of() : List.copyOf(authors);
        venue = Objects.requireNonNullElse(venue, "");
        doi = Objects.requireNonNullElse(doi, "");
        arxivId = Objects.requireNonNullElse(arxivId, "");
        pmid = Objects.requireNonNullElse(pmid, "");
        url = Objects.requireNonNullElse(url, "");
        fullTextUrl = Objects.requireNonNullElse(fullTextUrl, "");
        abstractText = Objects.requireNonNullElse(abstractText, "");
        documentId = Objects.requireNonNullElse(documentId, "");
        subQuestions = subQuestions == null ? List.of() : List.copyOf(subQuestions);
    }

    /** A provider's result, found for sub-question {@code subQuestion}. */
    static ReportSource found(FoundSource f, int subQuestion) {
        boolean paper =
                f.doi().isPresent() || f.arxivId().isPresent() || f.pmid().isPresent();
        return new ReportSource(
                0,
                paper ? PAPER : WEB,
                f.provider(),
                f.title(),
                f.authors(),
                f.year().orElse(0),
                f.venue(),
                f.doi().orElse(""),
                f.arxivId().orElse(""),
                f.pmid().orElse(""),
                f.landingUrl().map(URI::toString).orElse(""),
                f.fullTextUrl().map(URI::toString).orElse(""),
                f.abstractText(),
                "",
                List.of(subQuestion),
                0);
    }

    /** A document of the person's library, with the passages a search found in it. */
    static ReportSource library(String documentId, String title, String passages, int subQuestion, double score) {
        return new ReportSource(
                0,
                LIBRARY,
                LIBRARY,
                title,
                List.of(),
                0,
                "",
                "",
                "",
                "",
                "",
                "",
                passages,
                documentId,
                List.of(subQuestion),
                score);
    }

    ReportSource numbered(int n) {
        return new ReportSource(
                n,
                kind,
                provider,
                title,
                authors,
                year,
                venue,
                doi,
                arxivId,
                pmid,
                url,
                fullTextUrl,
                abstractText,
                documentId,
                subQuestions,
                score);
    }

    ReportSource scored(double newScore) {
        return new ReportSource(
                number,
                kind,
                provider,
                title,
                authors,
                year,
                venue,
                doi,
                arxivId,
                pmid,
                url,
                fullTextUrl,
                abstractText,
                documentId,
                subQuestions,
                newScore);
    }

    /**
     * This source completed with what a duplicate of it knows and this one does not (an arXiv
     * full text for an OpenAlex record, a DOI for an arXiv preprint, a longer abstract).
     */
    ReportSource merge(ReportSource other) {
        TreeSet<Integer> found = new TreeSet<>(subQuestions);
        found.addAll(other.subQuestions);
        List<String> mergedAuthors = authors.isEmpty() ? other.authors : authors;
        String mergedAbstract = other.abstractText.length() > abstractText.length() && !kind.equals(LIBRARY)
                ? other.abstractText
                : abstractText;
        String mergedKind = kind.equals(WEB) && other.kind.equals(PAPER) ? PAPER : kind;
        return new ReportSource(
                number,
                mergedKind,
                provider,
                title,
                mergedAuthors,
                year != 0 ? year : other.year,
                or(venue, other.venue),
                or(doi, other.doi),
                or(arxivId, other.arxivId),
                or(pmid, other.pmid),
                or(url, other.url),
                or(fullTextUrl, other.fullTextUrl),
                mergedAbstract,
                or(documentId, other.documentId),
                new ArrayList<>(found),
                Math.max(score, other.score));
    }

    /** Where a reader finds it: the DOI's resolver, else the page, else the full text. */
    String link() {
        if (!doi.isEmpty()) {
            return "https://doi.org/" + doi;
        }
        return url.isEmpty() ? fullTextUrl : url;
    }

    private static String or(String first, String second) {
        return first.isEmpty() ? second : first;
    }
}
