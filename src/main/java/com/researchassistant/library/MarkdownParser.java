package com.researchassistant.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.jsoup.Jsoup;

/**
 * Reads Markdown (CommonMark with GFM tables, parsed by commonmark-java) as text with structure:
 * headings, {@code #} or underlined, become the heading path of the text below them, and the text
 * keeps no Markdown syntax. Emphasis, links and images give their words; each list item, quote
 * paragraph and table row is a paragraph of its own; code keeps its lines without the fences; a
 * table row reads "Column: value; Column: value", so a chunk cut from the middle of a table still
 * names its columns. Raw HTML gives its text. Thread-safe.
 */
final class MarkdownParser {

    private static final Parser PARSER =
            Parser.builder().extensions(List.of(TablesExtension.create())).build();

    ParsedDocument parse(String markdown, String fileTitle) {
        Blocks blocks = new Blocks();
        PARSER.parse(markdown).accept(blocks);
        List<Section> found = blocks.sections.finish();
        if (found.isEmpty()) {
            throw DocumentRejected.empty("The Markdown document has headings but no text under them.");
        }
        return ParsedDocument.of(blocks.firstTopHeading, Format.MARKDOWN, found, fileTitle);
    }

    /** Walks the blocks in document order, feeding headings and paragraphs to the sections. */
    private static final class Blocks extends AbstractVisitor {

        private final SectionBuilder sections = new SectionBuilder();
        private Optional<String> firstTopHeading = Optional.empty();

        @Override
        public void visit(Heading heading) {
            String title = Inlines.text(heading);
            if (heading.getLevel() == 1 && firstTopHeading.isEmpty()) {
                firstTopHeading = Optional.of(title);
            }
            sections.heading(heading.getLevel(), title);
        }

        @Override
        public void visit(Paragraph paragraph) {
            paragraph(Inlines.text(paragraph));
        }

        @Override
        public void visit(FencedCodeBlock code) {
            paragraph(code.getLiteral());
        }

        @Override
        public void visit(IndentedCodeBlock code) {
            paragraph(code.getLiteral());
        }

        @Override
        public void visit(HtmlBlock html) {
            paragraph(Jsoup.parseBodyFragment(html.getLiteral()).text());
        }

        @Override
        public void visit(ThematicBreak rule) {
            sections.paragraphBreak();
        }

        @Override
        public void visit(CustomBlock block) {
            if (block instanceof TableBlock table) {
                Tables.rows(table).forEach(this::paragraph);
            } else {
                visitChildren(block);
            }
        }

        private void paragraph(String text) {
            if (!text.isBlank()) {
                sections.text(text.strip() + "\n");
                sections.paragraphBreak();
            }
        }
    }

    /** The words of inline content: literal text and code, without the syntax around them. */
    private static final class Inlines extends AbstractVisitor {

        private final StringBuilder text = new StringBuilder();

        static String text(Node parent) {
            Inlines inlines = new Inlines();
            parent.accept(inlines);
            return inlines.text.toString();
        }

        @Override
        public void visit(Text literal) {
            text.append(literal.getLiteral());
        }

        @Override
        public void visit(Code code) {
            text.append(code.getLiteral());
        }

        @Override
        public void visit(SoftLineBreak lineBreak) {
            text.append('\n');
        }

        @Override
        public void visit(HardLineBreak lineBreak) {
            text.append('\n');
        }

        @Override
        public void visit(HtmlInline html) {
            // a tag (<br>, <span>) carries no words of its own
        }
    }

    /** GFM tables as one line per row. */
    private static final class Tables {

        private Tables() {}

        /** "Header: cell; Header: cell" per body row; the header cells alone when there is no body. */
        static List<String> rows(TableBlock table) {
            List<String> header = List.of();
            List<String> rows = new ArrayList<>();
            for (Node part = table.getFirstChild(); part != null; part = part.getNext()) {
                for (Node row = part.getFirstChild(); row != null; row = row.getNext()) {
                    if (!(row instanceof TableRow)) {
                        continue;
                    }
                    if (part instanceof TableHead) {
                        header = cells(row);
                    } else if (part instanceof TableBody) {
                        rows.add(labelled(header, cells(row)));
                    }
                }
            }
            return rows.isEmpty() ? List.of(String.join("; ", header)) : rows;
        }

        private static List<String> cells(Node row) {
            List<String> cells = new ArrayList<>();
            for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                if (cell instanceof TableCell) {
                    cells.add(Inlines.text(cell).strip());
                }
            }
            return cells;
        }

        private static String labelled(List<String> header, List<String> cells) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                String cell = cells.get(i);
                String label = i < header.size() ? header.get(i) : "";
                if (!cell.isEmpty()) {
                    parts.add(label.isEmpty() ? cell : label + ": " + cell);
                }
            }
            return String.join("; ", parts);
        }
    }
}
