package com.researchassistant.testing;

import com.researchassistant.testing.ScholarlyCorpus.Access;
import com.researchassistant.testing.ScholarlyCorpus.Work;
import java.util.List;

/**
 * The XML answers of arXiv (an Atom feed with arXiv's extension elements, and its "Error" entry)
 * and of NCBI efetch (a PubmedArticleSet with the DOCTYPE PubMed sends), as documented; plus
 * hostile XML for the parser's hardening.
 */
final class FakeXmlAnswers {

    private final String base;

    FakeXmlAnswers(String base) {
        this.base = base;
    }

    String arxivFeed(List<Work> works, String searchQuery) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" \
                xmlns:arxiv="http://arxiv.org/schemas/atom">
                  <id>https://arxiv.org/api/Ax1bPq7fakeFeedId</id>
                  <title>arXiv Query: search_query=%s&amp;id_list=&amp;start=0&amp;max_results=10</title>
                  <updated>2025-06-02T00:00:00Z</updated>
                  <link href="%s/arxiv/query" type="application/atom+xml"/>
                  <opensearch:itemsPerPage>10</opensearch:itemsPerPage>
                  <opensearch:totalResults>%d</opensearch:totalResults>
                  <opensearch:startIndex>0</opensearch:startIndex>
                """.formatted(escape(searchQuery), base, works.size()));
        for (Work w : works) {
            String id = w.arxivId().orElseThrow();
            xml.append("""
                      <entry>
                        <id>http://arxiv.org/abs/%sv2</id>
                        <title>%s</title>
                        <updated>%d-05-01T12:00:00Z</updated>
                        <link href="%s/landing/%s" rel="alternate" type="text/html"/>
                    """.formatted(id, wrap(escape(w.title())), w.year(), base, w.slug()));
            if (w.access() != Access.CLOSED) {
                xml.append("    <link href=\"%s/oa/%s.pdf\" rel=\"related\" type=\"application/pdf\" title=\"pdf\"/>\n"
                        .formatted(base, w.slug()));
            }
            xml.append("    <summary>%s</summary>\n".formatted(wrap(escape(w.abstractText()))));
            for (String author : w.authors()) {
                xml.append("    <author><name>").append(escape(author)).append("</name></author>\n");
            }
            w.doi().filter(d -> !d.startsWith("10.48550/")).ifPresent(d -> {
                xml.append("    <arxiv:doi>").append(d).append("</arxiv:doi>\n");
                xml.append("    <link href=\"https://doi.org/")
                        .append(d)
                        .append("\" rel=\"related\" title=\"doi\"/>\n");
                xml.append("    <arxiv:journal_ref>")
                        .append(escape(w.venue()))
                        .append(" 2 (")
                        .append(w.year())
                        .append(")</arxiv:journal_ref>\n");
            });
            xml.append("""
                        <arxiv:primary_category term="cs.CL"/>
                        <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
                        <published>%d-03-07T17:59:02Z</published>
                      </entry>
                    """.formatted(w.year()));
        }
        return xml.append("</feed>\n").toString();
    }

    /** What arXiv answers to a query it cannot read: status 200 and one entry titled "Error". */
    String arxivError() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>arXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=10</title>
                  <entry>
                    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
                    <title>Error</title>
                    <summary>incorrect id format for 1234</summary>
                    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_1234" rel="alternate" type="text/html"/>
                  </entry>
                </feed>
                """;
    }

    static String pubmedArticles(List<Work> works) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" ?>
                <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" \
                "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
                <PubmedArticleSet>
                """);
        for (Work w : works) {
            int n = ScholarlyCorpus.WORKS.indexOf(w);
            String pmid = w.pmid().orElseThrow();
            xml.append("""
                    <PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">
                    <PMID Version="1">%s</PMID>
                    <Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">2999-%04d</ISSN>
                    <JournalIssue CitedMedium="Internet"><Volume>%d</Volume><Issue>3</Issue><PubDate>%s</PubDate></JournalIssue>
                    <Title>%s</Title><ISOAbbreviation>Fake J</ISOAbbreviation></Journal>
                    <ArticleTitle>%s</ArticleTitle><Pagination><StartPage>101</StartPage></Pagination>
                    """.formatted(
                            pmid,
                            n,
                            10 + n,
                            n % 2 == 1
                                    ? "<MedlineDate>" + w.year() + " Nov-Dec</MedlineDate>"
                                    : "<Year>" + w.year() + "</Year><Month>Mar</Month>",
                            escape(w.venue()),
                            italicise(escape(w.title()))));
            w.doi()
                    .ifPresent(d -> xml.append("<ELocationID EIdType=\"doi\" ValidYN=\"Y\">")
                            .append(d)
                            .append("</ELocationID>\n"));
            xml.append("<Abstract>").append(abstractParts(w, n)).append("</Abstract>\n<AuthorList CompleteYN=\"Y\">");
            for (String author : w.authors()) {
                String[] name = author.split(" ", 2);
                xml.append("<Author ValidYN=\"Y\"><LastName>")
                        .append(escape(name[1]))
                        .append("</LastName><ForeName>")
                        .append(escape(name[0]))
                        .append("</ForeName><Initials>")
                        .append(name[0].charAt(0))
                        .append("</Initials></Author>");
            }
            if (n % 3 == 0) {
                xml.append(
                        "<Author ValidYN=\"Y\"><CollectiveName>Sleep and Memory Study Group</CollectiveName></Author>");
            }
            xml.append(
                            "</AuthorList>\n<Language>eng</Language></Article></MedlineCitation>\n<PubmedData><ArticleIdList>")
                    .append("<ArticleId IdType=\"pubmed\">")
                    .append(pmid)
                    .append("</ArticleId>");
            w.doi()
                    .ifPresent(d ->
                            xml.append("<ArticleId IdType=\"doi\">").append(d).append("</ArticleId>"));
            xml.append("</ArticleIdList></PubmedData></PubmedArticle>\n");
        }
        return xml.append("</PubmedArticleSet>\n").toString();
    }

    /** Every other work has a structured abstract, labelled as PubMed labels them. */
    private static String abstractParts(Work w, int n) {
        String text = escape(w.abstractText());
        if (n % 2 == 1) {
            return "<AbstractText>" + italicise(text) + "</AbstractText>";
        }
        String[] sentences = text.split("(?<=\\.) ");
        StringBuilder parts = new StringBuilder();
        String[] labels = {"BACKGROUND", "RESULTS", "CONCLUSIONS"};
        int per = Math.max(1, (sentences.length + 2) / 3);
        for (int part = 0; part < 3 && part * per < sentences.length; part++) {
            String chunk = String.join(
                    " ",
                    java.util.Arrays.copyOfRange(sentences, part * per, Math.min(sentences.length, (part + 1) * per)));
            parts.append("<AbstractText Label=\"")
                    .append(labels[part])
                    .append("\" NlmCategory=\"")
                    .append(labels[part])
                    .append("\">")
                    .append(chunk)
                    .append("</AbstractText>");
        }
        return parts.toString();
    }

    /** PubMed marks species names in italics inside titles and abstracts. */
    private static String italicise(String text) {
        return text.replace("Daphnia magna", "<i>Daphnia magna</i>");
    }

    /** A document whose DOCTYPE declares an external entity reading /etc/passwd, used in the text. */
    static String xxe(String root) {
        return """
                <?xml version="1.0"?>
                <!DOCTYPE %s [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                <%s><entry><title>&secret;</title></entry></%s>
                """.formatted(root, root, root);
    }

    /** Nested entities that would expand to about 3 GB. */
    static String entityBomb(String root) {
        StringBuilder xml = new StringBuilder(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n <!ENTITY lol0 \"lollollollol\">\n");
        for (int i = 1; i <= 9; i++) {
            xml.append(" <!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10))
                    .append("\">\n");
        }
        return xml.append("]>\n<")
                .append(root)
                .append(">&lol9;</")
                .append(root)
                .append(">\n")
                .toString();
    }

    /** Titles and summaries in arXiv's feed are hard-wrapped. */
    private static String wrap(String text) {
        return text.replaceAll("(.{60,80}?) ", "$1\n  ");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
