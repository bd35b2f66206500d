package com.researchassistant.sources;

import com.researchassistant.time.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * arXiv's query API ({@code GET /query?search_query=}), answering an Atom feed. Its terms ask for at
 * most one request every three seconds, which {@link Sources} gives it. A query arXiv cannot read
 * comes back as a feed whose one entry is titled "Error"; that is a refusal, not a result.
 */
final class ArxivProvider implements SourceProvider {

    static final String ID = "arxiv";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'-]*");
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "in", "into",
            "is", "it", "of", "on", "or", "that", "the", "their", "this", "to", "what", "when", "which", "who", "why",
            "with");
    /** arXiv ANDs the terms: past a handful, hardly anything matches them all. */
    private static final int MAX_TERMS = 6;

    private final URI base;
    private final ProviderHttp http;

    ArxivProvider(URI base, ProviderHttp http) {
        this.base = base;
        this.http = http;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<FoundSource> search(String query, int limit, Duration budget) throws InterruptedException {
        String searchQuery = searchQuery(SearchArgs.query(query, limit));
        if (searchQuery.isEmpty()) {
            return List.of();
        }
        Deadline deadline = http.deadline(budget);
        URI uri = Links.query(
                base,
                "/query",
                "search_query",
                searchQuery,
                "start",
                "0",
                "max_results",
                String.valueOf(Math.min(limit, 100)),
                "sortBy",
                "relevance",
                "sortOrder",
                "descending");
        Document feed = http.xml(http.request(uri, "application/atom+xml"), deadline, "the answer is not an Atom feed");
        if (!"feed".equals(feed.getDocumentElement().getLocalName())) {
            throw http.malformed("the answer is not an Atom feed", null);
        }
        return SearchArgs.upTo(limit, SafeXml.children(feed.getDocumentElement(), "entry"), ArxivProvider::unlessError);
    }

    /** The entry's source; arXiv's "Error" entry (its id under /api/errors) is a refusal. */
    private static Optional<FoundSource> unlessError(Element entry) {
        if (SafeXml.childText(entry, "id").contains("/api/errors")) {
            throw new SourceException(
                    ID, SourceException.Kind.REFUSED, "arXiv could not read the query", Optional.empty(), null);
        }
        return entry(entry);
    }

    /** "all:sleep AND all:memory AND all:consolidation" from the query's words, stop words left out. */
    static String searchQuery(String query) {
        List<String> terms = new ArrayList<>();
        Matcher m = WORD.matcher(query.toLowerCase(Locale.ROOT));
        while (m.find() && terms.size() < MAX_TERMS) {
            String word = m.group();
            if (word.length() > 1 && !STOP_WORDS.contains(word) && !terms.contains("all:" + word)) {
                terms.add("all:" + word);
            }
        }
        return String.join(" AND ", terms);
    }

    static Optional<FoundSource> entry(Element entry) {
        Optional<String> arxivId = SourceIds.arxivId(SafeXml.childText(entry, "id"));
        String title = SafeXml.childText(entry, "title");
        if (arxivId.isEmpty() || title.isBlank()) {
            return Optional.empty();
        }
        List<String> authors = SafeXml.children(entry, "author").stream()
                .map(author -> SafeXml.childText(author, "name"))
                .filter(name -> !name.isBlank())
                .toList();
        Optional<URI> landing = Optional.empty();
        Optional<URI> pdf = Optional.empty();
        for (Element link : SafeXml.children(entry, "link")) {
            Optional<URI> href = Links.http(link.getAttribute("href"));
            if ("alternate".equals(link.getAttribute("rel")) && landing.isEmpty()) {
                landing = href;
            } else if (("pdf".equals(link.getAttribute("title")) || "application/pdf".equals(link.getAttribute("type")))
                    && pdf.isEmpty()) {
                pdf = href;
            }
        }
        if (landing.isEmpty()) {
            landing = Links.http(SafeXml.childText(entry, "id"));
        }
        String journal = SafeXml.childText(entry, "journal_ref");
        String published = SafeXml.childText(entry, "published");
        OptionalInt year =
                published.length() >= 4 && published.substring(0, 4).chars().allMatch(Character::isDigit)
                        ? Json.plausible(Integer.parseInt(published.substring(0, 4)))
                        : OptionalInt.empty();
        return Optional.of(new FoundSource(
                ID,
                title,
                authors,
                year,
                journal.isBlank() ? "arXiv" : journal,
                SourceIds.doi(SafeXml.childText(entry, "doi")),
                arxivId,
                Optional.empty(),
                landing,
                pdf,
                SafeXml.childText(entry, "summary")));
    }
}
