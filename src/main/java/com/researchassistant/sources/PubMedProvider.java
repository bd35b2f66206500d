package com.researchassistant.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.config.Secret;
import com.researchassistant.time.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * PubMed through NCBI's E-utilities: {@code esearch} finds the PMIDs, {@code efetch} brings their
 * records as XML. Two calls per search, both under the rate limit (3 a second, 10 with an API key,
 * which NCBI takes as a query parameter: no URL of these calls is ever logged or put in a message).
 */
final class PubMedProvider implements SourceProvider {

    static final String ID = "pubmed";
    private static final String TOOL = "research-assistant";
    private static final Pattern YEAR = Pattern.compile("\\b(\\d{4})\\b");

    private final URI base;
    private final Optional<String> email;
    private final Optional<Secret> key;
    private final ProviderHttp http;

    PubMedProvider(URI base, Optional<String> email, Optional<Secret> key, ProviderHttp http) {
        this.base = base;
        this.email = email;
        this.key = key;
        this.http = http;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<FoundSource> search(String query, int limit, Duration budget) throws InterruptedException {
        String q = SearchArgs.query(query, limit);
        Deadline deadline = http.deadline(budget);
        List<String> pmids = pmids(q, Math.min(limit, 100), deadline);
        if (pmids.isEmpty()) {
            return List.of();
        }
        URI fetch = Links.query(
                base,
                "/efetch.fcgi",
                "db",
                "pubmed",
                "id",
                String.join(",", pmids),
                "retmode",
                "xml",
                "rettype",
                "abstract",
                "tool",
                TOOL,
                "email",
                email.orElse(null),
                "api_key",
                key.map(Secret::value).orElse(null));
        Document records =
                http.xml(http.request(fetch, "application/xml"), deadline, "efetch did not answer PubMed XML");
        if (!"PubmedArticleSet".equals(records.getDocumentElement().getLocalName())) {
            throw http.malformed("efetch did not answer a PubmedArticleSet", null);
        }
        return SearchArgs.upTo(
                limit, SafeXml.children(records.getDocumentElement(), "PubmedArticle"), PubMedProvider::article);
    }

    private List<String> pmids(String query, int limit, Deadline deadline) throws InterruptedException {
        URI search = Links.query(
                base,
                "/esearch.fcgi",
                "db",
                "pubmed",
                "term",
                query,
                "retmax",
                String.valueOf(limit),
                "retmode",
                "json",
                "sort",
                "relevance",
                "tool",
                TOOL,
                "email",
                email.orElse(null),
                "api_key",
                key.map(Secret::value).orElse(null));
        JsonNode answer = http.json(http.request(search, "application/json"), deadline);
        JsonNode result = answer.path("esearchresult");
        if (!Json.text(result.path("ERROR")).isEmpty()
                || !Json.text(answer.path("error")).isEmpty()) {
            throw new SourceException(
                    ID, SourceException.Kind.REFUSED, "esearch refused the query", Optional.empty(), null);
        }
        if (!result.path("idlist").isArray()) {
            throw http.malformed("esearch answered no idlist", null);
        }
        List<String> pmids = new ArrayList<>();
        result.path("idlist").forEach(id -> SourceIds.pmid(id.asText()).ifPresent(pmids::add));
        return pmids;
    }

    static Optional<FoundSource> article(Element article) {
        Optional<Element> citation = SafeXml.child(article, "MedlineCitation");
        Optional<Element> details = citation.flatMap(c -> SafeXml.child(c, "Article"));
        Optional<String> pmid = citation.flatMap(c -> SourceIds.pmid(SafeXml.childText(c, "PMID")));
        String title = details.map(a -> SafeXml.childText(a, "ArticleTitle")).orElse("");
        if (pmid.isEmpty() || details.isEmpty() || title.isBlank()) {
            return Optional.empty();
        }
        Element a = details.get();
        Optional<Element> journal = SafeXml.child(a, "Journal");
        List<Element> articleIds = SafeXml.child(article, "PubmedData")
                .flatMap(data -> SafeXml.child(data, "ArticleIdList"))
                .map(list -> SafeXml.children(list, "ArticleId"))
                .orElse(List.of());
        Optional<String> doi = idOfType(articleIds, "doi")
                .flatMap(SourceIds::doi)
                .or(() -> SafeXml.children(a, "ELocationID").stream()
                        .filter(e -> "doi".equals(e.getAttribute("EIdType")))
                        .findFirst()
                        .flatMap(e -> SourceIds.doi(SafeXml.text(e))));
        Optional<URI> fullText = idOfType(articleIds, "pmc")
                .filter(pmc -> pmc.matches("PMC\\d{1,9}"))
                .map(pmc -> URI.create("https://pmc.ncbi.nlm.nih.gov/articles/" + pmc + "/"));
        return Optional.of(new FoundSource(
                ID,
                title,
                authors(a),
                year(journal),
                journal.map(j -> SafeXml.childText(j, "Title")).orElse(""),
                doi,
                Optional.empty(),
                pmid,
                Optional.of(URI.create("https://pubmed.ncbi.nlm.nih.gov/" + pmid.get() + "/")),
                fullText,
                abstractText(a)));
    }

    private static Optional<String> idOfType(List<Element> ids, String type) {
        return ids.stream()
                .filter(id -> type.equals(id.getAttribute("IdType")))
                .map(SafeXml::text)
                .findFirst();
    }

    private static List<String> authors(Element article) {
        List<String> names = new ArrayList<>();
        SafeXml.child(article, "AuthorList").ifPresent(list -> {
            for (Element author : SafeXml.children(list, "Author")) {
                String collective = SafeXml.childText(author, "CollectiveName");
                String name =
                        (SafeXml.childText(author, "ForeName") + " " + SafeXml.childText(author, "LastName")).strip();
                String chosen = name.isEmpty() ? collective : name;
                if (!chosen.isEmpty()) {
                    names.add(chosen);
                }
            }
        });
        return names;
    }

    /** The journal issue's year, or the first year in its free-text MedlineDate ("2019 Nov-Dec"). */
    private static OptionalInt year(Optional<Element> journal) {
        Optional<Element> date =
                journal.flatMap(j -> SafeXml.child(j, "JournalIssue")).flatMap(i -> SafeXml.child(i, "PubDate"));
        String text = date.map(d -> {
                    String year = SafeXml.childText(d, "Year");
                    return year.isEmpty() ? SafeXml.childText(d, "MedlineDate") : year;
                })
                .orElse("");
        Matcher m = YEAR.matcher(text);
        return m.find() ? Json.plausible(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** The abstract's parts in order, each structured part led by its label ("METHODS: ..."). */
    private static String abstractText(Element article) {
        List<String> parts = new ArrayList<>();
        SafeXml.child(article, "Abstract").ifPresent(abs -> {
            for (Element part : SafeXml.children(abs, "AbstractText")) {
                String label = part.getAttribute("Label");
                String text = SafeXml.text(part);
                if (!text.isEmpty()) {
                    parts.add(label.isEmpty() ? text : label + ": " + text);
                }
            }
        });
        return String.join(" ", parts);
    }
}
