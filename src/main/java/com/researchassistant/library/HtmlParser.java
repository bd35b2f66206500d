package com.researchassistant.library;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * Reads the visible text of an HTML page. Scripts, styles and navigation go; h1-h6 become the
 * heading path of the text below them; block elements become paragraph breaks.
 */
final class HtmlParser {

    private static final String DROPPED = "script, style, nav, noscript, template, svg, iframe";

    private static final Set<String> BLOCKS = Set.of(
            "p",
            "div",
            "section",
            "article",
            "main",
            "aside",
            "header",
            "footer",
            "blockquote",
            "pre",
            "li",
            "ul",
            "ol",
            "dl",
            "dt",
            "dd",
            "table",
            "tr",
            "td",
            "th",
            "br",
            "hr",
            "figure",
            "figcaption");

    ParsedDocument parse(String html, String fileTitle) {
        Document page = Jsoup.parse(html);
        page.select(DROPPED).remove();
        SectionBuilder sections = new SectionBuilder();
        page.body().filter(new Walker(sections));
        List<Section> found = sections.finish();
        if (found.isEmpty()) {
            throw DocumentRejected.empty("The HTML page has no text once markup, scripts and navigation are removed.");
        }
        Optional<String> title = Optional.of(page.title())
                .filter(t -> !t.isBlank())
                .or(() -> Optional.ofNullable(page.selectFirst("h1")).map(Element::text));
        return ParsedDocument.of(title, Format.HTML, found, fileTitle);
    }

    private record Walker(SectionBuilder sections) implements NodeFilter {

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                sections.text(text.text());
            } else if (node instanceof Element element) {
                int level = headingLevel(element);
                if (level > 0) {
                    sections.heading(level, element.text());
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (BLOCKS.contains(element.normalName())) {
                    sections.paragraphBreak();
                }
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element && BLOCKS.contains(element.normalName())) {
                sections.paragraphBreak();
            }
            return FilterResult.CONTINUE;
        }

        private static int headingLevel(Element element) {
            String name = element.normalName();
            if (name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6') {
                return name.charAt(1) - '0';
            }
            return 0;
        }
    }
}
