package com.researchassistant.imports;

import com.researchassistant.library.Upload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An entry taken out of an archive to be parsed: in memory up to {@value #IN_MEMORY_BYTES}, else in
 * a temporary file of the import's folder (a PDF is parsed from there). Closing deletes the file.
 */
final class Extracted implements AutoCloseable {

    static final int IN_MEMORY_BYTES = 256 * 1024;

    private final Upload.Content content;
    private final Path file;

    private Extracted(Upload.Content content, Path file) {
        this.content = content;
        this.file = file;
    }

    /** Content that is already where the library can read it; closing leaves it. */
    static Extracted as(Upload.Content content) {
        return new Extracted(content, null);
    }

    static Extracted from(InputStream in, Path dir) throws IOException {
        byte[] head = in.readNBytes(IN_MEMORY_BYTES + 1);
        if (head.length <= IN_MEMORY_BYTES) {
            return new Extracted(new Upload.Bytes(head), null);
        }
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "entry-", ".part");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head);
            long size = head.length + in.transferTo(out);
            return new Extracted(new Upload.Spooled(file, size), file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Reads a metadata file whole, at most {@code max} bytes. */
    static byte[] readBounded(InputStream in, long max, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > max) {
                throw new ZipArchive.Refused(name + " is larger than " + max
                        + " bytes, the most an import reads of a BibTeX or CSL JSON file.");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    Upload.Content content() {
        return content;
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
