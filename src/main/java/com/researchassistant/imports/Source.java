package com.researchassistant.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/** Where a file of an import is: uploaded as it is, or an entry of an uploaded zip. */
sealed interface Source permits Source.Stored, Source.InZip {

    /** Its path as the person gave it: the file name, or the entry's path in the archive. */
    String path();

    InputStream open() throws IOException;

    default String extension() {
        String name = path().substring(path().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }

    /** A file uploaded as it is, waiting in the import's folder. */
    record Stored(String path, Path file, long bytes) implements Source {
        public Stored {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(file, "file");
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }

    /** An entry of an uploaded zip. */
    record InZip(String path, ZipArchive archive, ZipArchive.Item item) implements Source {
        @Override
        public InputStream open() throws IOException {
            return archive.open(item);
        }
    }
}
