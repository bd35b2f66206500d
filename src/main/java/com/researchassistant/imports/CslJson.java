package com.researchassistant.imports;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.researchassistant.library.DocumentMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads CSL JSON, the format Zotero, Mendeley and citeproc write: an array of items with {@code
 * title}, {@code author} ({@code family}/{@code given} or {@code literal}), {@code issued} ({@code
 * date-parts} or {@code raw}), {@code container-title}, {@code DOI}, {@code URL} and {@code
 * abstract}. CSL JSON names no attached files (Zotero's CSL JSON export has no "Export Files"), so
 * files picked with it are matched to items by title ({@link Attachments}). Items are read one at a
 * time from the stream; nesting deeper than {@value #MAX_DEPTH} and strings over {@value
 * #MAX_STRING_CHARS} characters are refused. An item without a title is reported, not imported.
 */
final class CslJson {

    static final int MAX_DEPTH = 16;
    static final int MAX_STRING_CHARS = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .maxNumberLength(100)
                    .build())
            .build());

    /** The file is not CSL JSON at all. */
    static final class NotCsl extends Exception {
        private static final long serialVersionUID = 1L;

        NotCsl(String message) {
            super(message);
        }
    }

    private CslJson() {}

    /**
     * The records of a CSL JSON file, at most {@code maxItems}; items that cannot be records are
     * described in {@code problems}.
     *
     * @throws NotCsl when the file is not a JSON array (or object) of CSL items, or breaks off
     */
    static List<ImportRecord> read(InputStream in, String fileName, int maxItems, List<Step.Broken> problems)
            throws NotCsl {
        List<ImportRecord> records = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_OBJECT) {
                item(JSON.readTree(parser), fileName, 1, problems).ifPresent(records::add);
                return records;
            }
            if (first != JsonToken.START_ARRAY) {
                throw new NotCsl("The file is not CSL JSON: it does not hold a list of references.");
            }
            int n = 0;
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                if (++n > maxItems) {
                    problems.add(
                            new Step.Broken(fileName, "More than " + maxItems + " items; the rest were not read."));
                    break;
                }
                item(JSON.readTree(parser), fileName, n, problems).ifPresent(records::add);
            }
            return records;
        } catch (IOException e) {
            throw new NotCsl("The file is not valid JSON (" + firstLine(e.getMessage()) + ").");
        }
    }

    private static Optional<ImportRecord> item(JsonNode item, String fileName, int n, List<Step.Broken> problems) {
        String origin = fileName + ", item " + n;
        String title = text(item, "title");
        if (title.isBlank()) {
            problems.add(new Step.Broken(origin, "The item has no title."));
            return Optional.empty();
        }
        String venue = text(item, "container-title");
        DocumentMetadata metadata = new DocumentMetadata(
                authors(item),
                year(item.path("issued")),
                optional(venue.isEmpty() ? text(item, "publisher") : venue),
                optional(text(item, "DOI")),
                optional(text(item, "URL")));
        String key = text(item, "citation-key").isEmpty() ? text(item, "id") : text(item, "citation-key");
        return Optional.of(
                new ImportRecord(key, title.strip(), optional(text(item, "abstract")), metadata, List.of(), origin));
    }

    private static List<String> authors(JsonNode item) {
        JsonNode people = item.path("author").isArray() ? item.path("author") : item.path("editor");
        List<String> names = new ArrayList<>();
        for (JsonNode person : people) {
            String family = (text(person, "non-dropping-particle") + " " + text(person, "family")).strip();
            String given = text(person, "given");
            String literal = text(person, "literal");
            if (!family.isEmpty()) {
                names.add(given.isEmpty() ? family : family + ", " + given);
            } else if (!literal.isEmpty()) {
                names.add(literal);
            }
        }
        return names;
    }

    private static OptionalInt year(JsonNode issued) {
        JsonNode first = issued.path("date-parts").path(0).path(0);
        if (first.canConvertToInt()) {
            return OptionalInt.of(first.asInt());
        }
        if (first.isTextual()) {
            return BibRecords.year(first.asText());
        }
        String raw = text(issued, "raw").isEmpty() ? text(issued, "literal") : text(issued, "raw");
        return BibRecords.year(raw);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() || value.isNumber() ? value.asText().strip() : "";
    }

    private static Optional<String> optional(String text) {
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }

    private static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
