package com.researchassistant.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an import was asked to do, as the job's input: the folder its uploaded files wait in (under
 * {@link ImportSettings#dir()}) and the files, in the order they came.
 */
record ImportInput(String folder, List<File> files) {

    /**
     * One uploaded file.
     *
     * @param name its name on the person's device
     * @param stored its file name in the folder
     * @param type the media type the browser declared, or ""
     */
    record File(String name, String stored, String type, long bytes) {}

    ImportInput {
        Objects.requireNonNull(folder, "folder");
        files = List.copyOf(files);
    }

    String json() {
        return ImportProgress.write(this);
    }

    static ImportInput read(String json) {
        try {
            return ImportProgress.JSON.readValue(json, ImportInput.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an import's input is not readable", e);
        }
    }

    List<Source.Stored> sources(Path dir) {
        Path here = dir.resolve(folder);
        return files.stream()
                .map(f -> new Source.Stored(f.name(), here.resolve(f.stored()), f.bytes()))
                .toList();
    }

    List<String> names() {
        return files.stream().map(File::name).toList();
    }
}
