package com.researchassistant.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.testing.ScholarlyCorpus.Access;
import com.researchassistant.testing.ScholarlyCorpus.WebPage;
import com.researchassistant.testing.ScholarlyCorpus.Work;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON answers of the providers {@link FakeScholarlyWeb} stands in for, in each one's
 * documented response format (OpenAlex works, Crossref work and work-list messages, Semantic
 * Scholar paper search, NCBI esearch, SearXNG, Brave web search, Tavily search). Every link in them
 * points back at the fake.
 */
final class FakeJsonAnswers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;

    FakeJsonAnswers(String base) {
        this.base = base;
    }

    String openAlex(List<Work> works) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("meta")
                .put("count", works.size())
                .put("db_response_time_ms", 23)
                .put("page", 1)
                .put("per_page", 25);
        ArrayNode results = root.putArray("results");
        for (Work w : works) {
            int n = ScholarlyCorpus.WORKS.indexOf(w) + 4_100_000;
            ObjectNode r = results.addObject().put("id", "https://openalex.org/W" + n);
            w.doi().ifPresentOrElse(d -> r.put("doi", "https://doi.org/" + d), () -> r.putNull("doi"));
            r.put("title", w.title()).put("display_name", w.title()).put("publication_year", w.year());
            ObjectNode ids = r.putObject("ids").put("openalex", "https://openalex.org/W" + n);
            w.doi().ifPresent(d -> ids.put("doi", "https://doi.org/" + d));
            w.pmid().ifPresent(p -> ids.put("pmid", "https://pubmed.ncbi.nlm.nih.gov/" + p));
            ArrayNode authorships = r.putArray("authorships");
            for (int i = 0; i < w.authors().size(); i++) {
                ObjectNode a = authorships.addObject().put("author_position", i == 0 ? "first" : "middle");
                a.putObject("author")
                        .put("id", "https://openalex.org/A" + (n * 10 + i))
                        .put("display_name", w.authors().get(i));
                a.putArray("institutions");
            }
            boolean open = w.access() != Access.CLOSED;
            ObjectNode primary = location(r.putObject("primary_location"), w, open);
            primary.putObject("source")
                    .put("display_name", w.venue())
                    .put("type", w.arxivId().isPresent() && w.venue().equals("arXiv") ? "repository" : "journal");
            if (open) {
                location(r.putObject("best_oa_location"), w, true);
            } else {
                r.putNull("best_oa_location");
            }
            ObjectNode oa = r.putObject("open_access").put("is_oa", open).put("oa_status", open ? "gold" : "closed");
            if (open) {
                oa.put("oa_url", fullText(w));
            } else {
                oa.putNull("oa_url");
            }
            r.set("abstract_inverted_index", invertedIndex(w.abstractText()));
        }
        root.putArray("group_by");
        return root.toString();
    }

    private ObjectNode location(ObjectNode location, Work w, boolean open) {
        location.put("is_oa", open).put("landing_page_url", base + "/landing/" + w.slug());
        if (w.access() == Access.PDF) {
            location.put("pdf_url", base + "/oa/" + w.slug() + ".pdf");
        } else {
            location.putNull("pdf_url");
        }
        location.put("license", open ? "cc-by" : null);
        return location;
    }

    private static ObjectNode invertedIndex(String text) {
        Map<String, ArrayNode> index = new LinkedHashMap<>();
        ObjectNode node = MAPPER.createObjectNode();
        String[] words = text.split(" ");
        for (int i = 0; i < words.length; i++) {
            index.computeIfAbsent(words[i], node::putArray).add(i);
        }
        return node;
    }

    String crossrefList(List<Work> works, String query) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("status", "ok")
                .put("message-type", "work-list")
                .put("message-version", "1.0.0");
        ObjectNode message = root.putObject("message");
        message.putObject("facets");
        message.put("total-results", works.size());
        ArrayNode items = message.putArray("items");
        works.forEach(w -> crossrefItem(items.addObject(), w));
        message.put("items-per-page", works.size());
        message.putObject("query").put("start-index", 0).put("search-terms", query);
        return root.toString();
    }

    String crossrefWork(Work w) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("status", "ok")
                .put("message-type", "work")
                .put("message-version", "1.0.0");
        crossrefItem(root.putObject("message"), w);
        return root.toString();
    }

    private void crossrefItem(ObjectNode item, Work w) {
        item.put("DOI", w.doi().orElseThrow().toUpperCase(java.util.Locale.ROOT))
                .put("type", "journal-article");
        item.putArray("title").add(w.title());
        ArrayNode authors = item.putArray("author");
        for (int i = 0; i < w.authors().size(); i++) {
            String[] name = w.authors().get(i).split(" ", 2);
            authors.addObject()
                    .put("given", name[0])
                    .put("family", name[1])
                    .put("sequence", i == 0 ? "first" : "additional")
                    .putArray("affiliation");
        }
        item.putArray("container-title").add(w.venue());
        item.putObject("issued")
                .putArray("date-parts")
                .addArray()
                .add(w.year())
                .add(3)
                .add(15);
        item.putObject("published")
                .putArray("date-parts")
                .addArray()
                .add(w.year())
                .add(3);
        if (w.access() != Access.CLOSED) {
            item.put(
                    "abstract",
                    "<jats:title>Abstract</jats:title><jats:p>"
                            + w.abstractText().replace("&", "&amp;") + "</jats:p>");
            item.putArray("license")
                    .addObject()
                    .put("URL", "https://creativecommons.org/licenses/by/4.0/")
                    .put("content-version", "vor")
                    .put("delay-in-days", 0);
            item.putArray("link")
                    .addObject()
                    .put("URL", fullText(w))
                    .put("content-type", w.access() == Access.PDF ? "application/pdf" : "text/html")
                    .put("content-version", "vor")
                    .put("intended-application", "text-mining");
        } else {
            item.putArray("license")
                    .addObject()
                    .put("URL", "https://www.publisher.invalid/tdm/userlicense/1.0/")
                    .put("content-version", "tdm")
                    .put("delay-in-days", 0);
            item.putArray("link")
                    .addObject()
                    .put("URL", base + "/landing/" + w.slug())
                    .put("content-type", "unspecified")
                    .put("content-version", "vor")
                    .put("intended-application", "similarity-checking");
        }
        item.put("URL", base + "/landing/" + w.slug()).put("score", 21.5);
    }

    String semanticScholar(List<Work> works) {
        ObjectNode root = MAPPER.createObjectNode().put("total", works.size()).put("offset", 0);
        if (works.isEmpty()) {
            return root.toString(); // no "data" at all when nothing matches, as the API answers
        }
        ArrayNode data = root.putArray("data");
        for (Work w : works) {
            int n = ScholarlyCorpus.WORKS.indexOf(w);
            ObjectNode p = data.addObject().put("paperId", String.format("%040x", 0xabc0000L + n));
            ObjectNode ids = p.putObject("externalIds").put("CorpusId", 250_000_000 + n);
            w.doi().ifPresent(d -> ids.put("DOI", d));
            w.arxivId().ifPresent(a -> ids.put("ArXiv", a));
            w.pmid().ifPresent(id -> ids.put("PubMed", id));
            p.put("url", base + "/landing/" + w.slug())
                    .put("title", w.title())
                    .put("abstract", w.abstractText())
                    .put("venue", w.venue())
                    .put("year", w.year());
            p.putObject("journal").put("name", w.venue());
            ObjectNode pdf = p.putObject("openAccessPdf");
            if (w.access() == Access.PDF) {
                pdf.put("url", fullText(w)).put("status", "GOLD").put("license", "CCBY");
            } else {
                pdf.put("url", "").putNull("status").putNull("license");
            }
            ArrayNode authors = p.putArray("authors");
            for (int i = 0; i < w.authors().size(); i++) {
                authors.addObject()
                        .put("authorId", String.valueOf(3_000_000 + n * 10 + i))
                        .put("name", w.authors().get(i));
            }
        }
        return root.toString();
    }

    static String esearch(List<String> pmids, String term) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("header").put("type", "esearch").put("version", "0.3");
        ObjectNode result = root.putObject("esearchresult")
                .put("count", String.valueOf(pmids.size()))
                .put("retmax", String.valueOf(pmids.size()))
                .put("retstart", "0");
        ArrayNode ids = result.putArray("idlist");
        pmids.forEach(ids::add);
        result.putArray("translationset");
        result.put("querytranslation", term + "[All Fields]");
        return root.toString();
    }

    String searxng(List<WebPage> pages, String query) {
        ObjectNode root = MAPPER.createObjectNode().put("query", query).put("number_of_results", 0);
        ArrayNode results = root.putArray("results");
        for (WebPage p : pages) {
            ObjectNode r = results.addObject()
                    .put("url", page(p))
                    .put("title", p.title())
                    .put("content", p.snippet())
                    .put("engine", "duckduckgo")
                    .put("template", "default.html");
            r.putArray("engines").add("duckduckgo").add("brave");
            r.putArray("positions").add(pages.indexOf(p) + 1);
            r.put("publishedDate", p.year() + "-05-02T00:00:00")
                    .put("score", 2.0 / (pages.indexOf(p) + 1))
                    .put("category", "general");
        }
        for (String empty : List.of("answers", "corrections", "infoboxes", "suggestions", "unresponsive_engines")) {
            root.putArray(empty);
        }
        return root.toString();
    }

    String brave(List<WebPage> pages, String query) {
        ObjectNode root = MAPPER.createObjectNode().put("type", "search");
        root.putObject("query").put("original", query).put("more_results_available", false);
        if (pages.isEmpty()) {
            return root.toString(); // Brave leaves out the web section when it found nothing
        }
        ObjectNode web = root.putObject("web").put("type", "search").put("family_friendly", true);
        ArrayNode results = web.putArray("results");
        for (WebPage p : pages) {
            ObjectNode r = results.addObject()
                    .put("title", p.title())
                    .put("url", page(p))
                    .put("is_source_local", false)
                    .put("description", emphasise(p.snippet(), query))
                    .put("page_age", p.year() + "-05-02T00:00:00")
                    .put("language", "en")
                    .put("family_friendly", true)
                    .put("type", "search_result");
            r.putObject("meta_url").put("scheme", "http").put("hostname", "127.0.0.1");
        }
        return root.toString();
    }

    String tavily(List<WebPage> pages, String query) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("query", query)
                .putNull("follow_up_questions")
                .putNull("answer");
        root.putArray("images");
        ArrayNode results = root.putArray("results");
        for (WebPage p : pages) {
            results.addObject()
                    .put("title", p.title())
                    .put("url", page(p))
                    .put("content", p.snippet() + " " + p.paragraphs().get(0))
                    .put("score", 0.9 - 0.1 * pages.indexOf(p))
                    .putNull("raw_content")
                    .put("published_date", p.year() + "-05-02");
        }
        root.put("response_time", 0.84);
        return root.toString();
    }

    /** Brave wraps the query's words in the snippet in {@code <strong>}. */
    private static String emphasise(String snippet, String query) {
        String result = snippet;
        for (String word : query.split("\\s+")) {
            if (word.length() > 3) {
                result = result.replaceAll(
                        "(?i)\\b(" + java.util.regex.Pattern.quote(word) + ")\\b", "<strong>$1</strong>");
            }
        }
        return result;
    }

    private String page(WebPage p) {
        return base + "/web/" + p.slug() + ".html";
    }

    private String fullText(Work w) {
        return base + "/oa/" + w.slug() + (w.access() == Access.PDF ? ".pdf" : ".html");
    }
}
