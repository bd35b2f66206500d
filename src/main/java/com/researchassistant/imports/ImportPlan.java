package com.researchassistant.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an import will do, worked out from its uploaded files the same way every time (so a run
 * resumed after a crash counts entries as the first did): zips opened, BibTeX and CSL JSON files
 * read into references, each reference matched to its attached file ({@link Attachments}), then
 * one {@link Step} per reference (with its file, or alone), per file no reference claimed, and per
 * thing that cannot be imported. Holds the zips open until closed.
 */
final class ImportPlan implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImportPlan.class);
    private static final Set<String> METADATA = Set.of("bib", "bibtex", "json");

    private final List<Step> steps;
    private final List<ZipArchive> archives;

    private ImportPlan(List<Step> steps, List<ZipArchive> archives) {
        this.steps = List.copyOf(steps);
        this.archives = archives;
    }

    static ImportPlan build(List<Source.Stored> files, ImportSettings settings) {
        List<ZipArchive> archives = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        List<Source> sources = new ArrayList<>();
        for (Source.Stored file : files) {
            if (!isZip(file)) {
                sources.add(file);
                continue;
            }
            try {
                ZipArchive zip = ZipArchive.open(file.file(), settings.zipLimits());
                archives.add(zip);
                for (ZipArchive.Item item : zip.items()) {
                    if (ZipArchive.junk(item.name())) {
                        continue;
                    }
                    if (item.unsafe().isPresent()) {
                        steps.add(new Step.Broken(item.name(), item.unsafe().get()));
                    } else {
                        sources.add(new Source.InZip(item.name(), zip, item));
                    }
                }
            } catch (ZipArchive.Refused e) {
                steps.add(new Step.Broken(file.path(), e.getMessage()));
            }
        }
        List<Step> planned = plan(sources, settings, steps);
        if (planned.size() > settings.maxEntries()) {
            List<Step> cut = new ArrayList<>(planned.subList(0, settings.maxEntries()));
            cut.add(new Step.Broken(
                    "…",
                    (planned.size() - settings.maxEntries()) + " more entries were not imported:"
                            + " an import takes at most " + settings.maxEntries() + "."));
            planned = cut;
        }
        return new ImportPlan(planned, archives);
    }

    private static List<Step> plan(List<Source> sources, ImportSettings settings, List<Step> broken) {
        Map<Source, List<ImportRecord>> references = new LinkedHashMap<>();
        List<Source> documents = new ArrayList<>();
        for (Source source : sources) {
            if (METADATA.contains(source.extension())) {
                references.put(source, read(source, settings, broken));
            } else if (!source.extension().equals("zip")) {
                documents.add(source);
            } else {
                broken.add(new Step.Broken(
                        source.path(), "A zip inside the archive is not opened; zip its files" + " together instead."));
            }
        }
        Attachments attachments = new Attachments(documents);
        List<Step> steps = new ArrayList<>();
        references.forEach((file, records) -> {
            for (ImportRecord record : records) {
                Optional<Source> attached = attachments.claim(file.path(), record);
                steps.add(attached.<Step>map(s -> new Step.FromFile(s.path(), s, Optional.of(record)))
                        .orElseGet(() -> new Step.FromRecord(record)));
            }
        });
        for (Source document : attachments.unclaimed()) {
            steps.add(new Step.FromFile(document.path(), document, Optional.empty()));
        }
        steps.addAll(broken);
        return steps;
    }

    /** The references of a BibTeX or CSL JSON file; what cannot be read becomes broken steps. */
    private static List<ImportRecord> read(Source source, ImportSettings settings, List<Step> broken) {
        byte[] bytes;
        try (InputStream in = source.open()) {
            bytes = Extracted.readBounded(in, settings.maxMetadataBytes(), source.path());
        } catch (IOException e) {
            broken.add(new Step.Broken(source.path(), e.getMessage()));
            return List.of();
        }
        List<Step.Broken> problems = new ArrayList<>();
        List<ImportRecord> records = new ArrayList<>();
        String name = source.path().substring(source.path().lastIndexOf('/') + 1);
        if (source.extension().equals("json")) {
            try {
                records.addAll(
                        CslJson.read(new java.io.ByteArrayInputStream(bytes), name, settings.maxEntries(), problems));
            } catch (CslJson.NotCsl e) {
                problems.add(new Step.Broken(source.path(), e.getMessage()));
            }
        } else {
            String text = new String(bytes, StandardCharsets.UTF_8);
            BibtexParser.Result result = BibtexParser.parse(text, settings.maxEntries());
            for (BibtexParser.Problem p : result.problems()) {
                problems.add(new Step.Broken(
                        name + ", line " + p.line() + (p.key().isEmpty() ? "" : " (" + p.key() + ")"),
                        capitalised(p.message()) + "; the entry was skipped."));
            }
            for (BibtexParser.Entry entry : result.entries()) {
                BibRecords.of(entry, name, problems).ifPresent(records::add);
            }
        }
        broken.addAll(problems);
        log.debug("Import: {} references read from {}, {} problems", records.size(), source.path(), problems.size());
        return records;
    }

    private static String capitalised(String message) {
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }

    /** A .zip, or a file without an extension that starts like one (not a .docx or .epub, which are zips too). */
    private static boolean isZip(Source.Stored file) {
        if (file.extension().equals("zip")) {
            return true;
        }
        if (!file.extension().isEmpty()) {
            return false;
        }
        try (InputStream in = file.open()) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    List<Step> steps() {
        return steps;
    }

    @Override
    public void close() {
        for (ZipArchive zip : archives) {
            try {
                zip.close();
            } catch (IOException e) {
                log.debug("closing an import's zip: {}", e.toString());
            }
        }
    }
}
