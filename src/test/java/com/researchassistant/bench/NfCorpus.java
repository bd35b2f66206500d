package com.researchassistant.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * BEIR NFCorpus as shipped in {@code ../shared/reference/beir-nfcorpus/nfcorpus.tar.gz}: the
 * corpus, the test queries and their graded judgements, read straight from the archive.
 *
 * @param documents corpus id to title and text, in file order
 * @param queries query id to text, only queries that have judgements, in file order
 * @param judgements query id to (corpus id to grade 1 or 2)
 */
public record NfCorpus(
        Map<String, Doc> documents, Map<String, String> queries, Map<String, Map<String, Integer>> judgements) {

    public record Doc(String id, String title, String text) {}

    public static final Path DEFAULT = Path.of("../shared/reference/beir-nfcorpus/nfcorpus.tar.gz");

    /** Reads the archive, or says clearly where it was looked for. */
    public static NfCorpus read(Path archive) throws IOException {
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("BEIR NFCorpus is missing: no file " + archive.toAbsolutePath()
                    + " (expected the nfcorpus.tar.gz of ../shared/reference/beir-nfcorpus/; pass its path)");
        }
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    String name = entry.getName()
                            .replaceFirst("^.*?(corpus\\.jsonl|queries\\.jsonl|qrels/test\\.tsv)$", "$1");
                    files.put(name, tar.readAllBytes());
                }
            }
        }
        for (String needed : List.of("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")) {
            if (!files.containsKey(needed)) {
                throw new IllegalStateException(archive + " holds no " + needed);
            }
        }
        Map<String, Map<String, Integer>> judgements = judgements(files.get("qrels/test.tsv"));
        Map<String, Doc> documents = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines(files.get("corpus.jsonl"))) {
            JsonNode doc = json.readTree(line);
            documents.put(
                    doc.get("_id").asText(),
                    new Doc(
                            doc.get("_id").asText(),
                            doc.get("title").asText(),
                            doc.get("text").asText()));
        }
        Map<String, String> queries = new LinkedHashMap<>();
        for (String line : lines(files.get("queries.jsonl"))) {
            JsonNode query = json.readTree(line);
            if (judgements.containsKey(query.get("_id").asText())) {
                queries.put(query.get("_id").asText(), query.get("text").asText());
            }
        }
        return new NfCorpus(documents, queries, judgements);
    }

    private static Map<String, Map<String, Integer>> judgements(byte[] tsv) throws IOException {
        Map<String, Map<String, Integer>> judgements = new LinkedHashMap<>();
        for (String line : lines(tsv)) {
            String[] cells = line.strip().split("\t");
            if (cells.length != 3 || cells[0].equals("query-id")) {
                continue;
            }
            int grade = Integer.parseInt(cells[2]);
            if (grade > 0) {
                judgements.computeIfAbsent(cells[0], q -> new HashMap<>()).put(cells[1], grade);
            }
        }
        return judgements;
    }

    private static List<String> lines(byte[] bytes) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }
}
