package com.researchassistant.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far one run of an import got: the entries finished, counted by outcome, the problems to list
 * (the first {@value #MAX_PROBLEMS}, then only counted), and the updates not yet reported. The
 * checkpoint is its JSON with {@code next}, the first entry not finished: every entry before it is
 * done, so a resumed run starts there (entries after it that had finished are done again, and the
 * library recognises their documents). Used by the job's one thread.
 */
final class ImportProgress {

    static final int MAX_PROBLEMS = 500;

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The stored form: the checkpoint, and the job's result. */
    record Saved(int next, Totals totals, List<FileUpdate> problems, int problemsOmitted) {
        Saved {
            problems = problems == null ? List.of() : List.copyOf(problems);
            totals = totals == null ? Totals.NONE : totals;
        }
    }

    /** The {@code progress} event. */
    record Reported(List<FileUpdate> files, Totals totals) {}

    private int entries;
    private int next;
    private int indexed;
    private int duplicates;
    private int needsOcr;
    private int failed;
    private final List<FileUpdate> problems = new ArrayList<>();
    private int problemsOmitted;
    /** Finished entries after {@link #next}: counted only once every entry before them is done. */
    private final TreeMap<Integer, FileUpdate> ahead = new TreeMap<>();

    private final Map<Integer, FileUpdate> pending = new LinkedHashMap<>();

    /** Progress from a checkpoint; a fresh one for a first run. */
    static ImportProgress resume(java.util.Optional<String> checkpoint) {
        ImportProgress progress = new ImportProgress();
        if (checkpoint.isPresent()) {
            Saved saved = read(checkpoint.get());
            progress.next = saved.next();
            progress.indexed = saved.totals().indexed();
            progress.duplicates = saved.totals().duplicates();
            progress.needsOcr = saved.totals().needsOcr();
            progress.failed = saved.totals().failed();
            progress.problems.addAll(saved.problems());
            progress.problemsOmitted = saved.problemsOmitted();
        }
        return progress;
    }

    static Saved read(String json) {
        try {
            return JSON.readValue(json, Saved.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an import's checkpoint is not readable", e);
        }
    }

    void entries(int count) {
        entries = count;
    }

    int next() {
        return next;
    }

    /** An entry's new state, reported with the next flush. */
    void update(FileUpdate update) {
        pending.put(update.index(), update);
    }

    /** An entry has finished. */
    void finish(FileUpdate update) {
        if (!update.fileStatus().problem() && update.fileStatus() != FileStatus.INDEXED) {
            throw new IllegalArgumentException("not finished: " + update);
        }
        update(update);
        ahead.put(update.index(), update);
        for (FileUpdate done = ahead.remove(next); done != null; done = ahead.remove(next)) {
            count(done);
            next++;
        }
    }

    private void count(FileUpdate done) {
        switch (done.fileStatus()) {
            case INDEXED -> indexed++;
            case DUPLICATE -> duplicates++;
            case NEEDS_OCR -> needsOcr++;
            case FAILED -> failed++;
            case QUEUED, PARSING -> throw new IllegalArgumentException("not finished: " + done);
        }
        if (done.fileStatus().problem()) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(done);
            } else {
                problemsOmitted++;
            }
        }
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Every entry finished, also those after {@link #next}. */
    Totals totals() {
        int[] more = new int[4];
        ahead.values().forEach(u -> more[u.fileStatus().ordinal() - FileStatus.INDEXED.ordinal()]++);
        return totals(indexed + more[0], duplicates + more[1], needsOcr + more[2], failed + more[3]);
    }

    private Totals totals(int indexed, int duplicates, int needsOcr, int failed) {
        return new Totals(entries, indexed + duplicates + needsOcr + failed, indexed, duplicates, needsOcr, failed);
    }

    /** The problems of the finished entries before {@link #next}, and those after it. */
    List<FileUpdate> problems() {
        List<FileUpdate> all = new ArrayList<>(problems);
        ahead.values().stream().filter(u -> u.fileStatus().problem()).forEach(all::add);
        return all;
    }

    /** The progress event of the updates since the last one; they are then reported. */
    String report() {
        Reported reported = new Reported(List.copyOf(pending.values()), totals());
        pending.clear();
        return write(reported);
    }

    /** Only what is done before {@link #next} counts: a resumed run does the rest again. */
    String checkpoint() {
        return write(new Saved(next, totals(indexed, duplicates, needsOcr, failed), problems, problemsOmitted));
    }

    /** The job's result: everything, once the run has ended. */
    String result() {
        return write(new Saved(next, totals(), problems(), problemsOmitted));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an import's progress", e);
        }
    }
}
