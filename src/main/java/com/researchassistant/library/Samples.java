package com.researchassistant.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The sample library shipped under {@code samples/} on the class path, listed in {@code samples/index.txt}. */
final class Samples {

    private static final String FOLDER = "samples/";

    private Samples() {}

    /** The samples as uploads, in the order of the index; a missing file is a packaging bug. */
    static List<Upload> read() {
        List<Upload> uploads = new ArrayList<>();
        for (String line : new String(resource("index.txt"), StandardCharsets.UTF_8).split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                uploads.add(Upload.file(name, null, resource(name)));
            }
        }
        return List.copyOf(uploads);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new LibraryException("sample " + FOLDER + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new LibraryException("cannot read sample " + FOLDER + name, e);
        }
    }
}
