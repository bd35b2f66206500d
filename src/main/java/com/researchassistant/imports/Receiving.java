package com.researchassistant.imports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files of a new import as they arrive, written straight to its folder: never held in memory,
 * and bounded by the import's byte limit. Closing removes them unless the import was submitted.
 */
public final class Receiving implements AutoCloseable {

    /** The import's files together are larger than allowed. */
    public static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(long max) {
            super("An import takes at most " + max + " bytes.");
        }
    }

    private final String owner;
    private final Path folder;
    private final long maxBytes;
    private final List<ImportInput.File> files = new ArrayList<>();
    private long bytes;
    private boolean submitted;

    Receiving(String owner, Path folder, long maxBytes) {
        this.owner = owner;
        this.folder = folder;
        this.maxBytes = maxBytes;
    }

    /**
     * A stream for the next file; close it when the file has been written.
     *
     * @param name the file's name on the person's device
     * @param type the declared media type, or ""
     */
    public OutputStream file(String name, String type) {
        String stored = String.format("%05d.part", files.size());
        OutputStream out;
        try {
            out = new BufferedOutputStream(java.nio.file.Files.newOutputStream(folder.resolve(stored)), 64 * 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new OutputStream() {
            private long written;
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (bytes + len > maxBytes) {
                    throw new TooLarge(maxBytes);
                }
                out.write(b, off, len);
                bytes += len;
                written += len;
            }

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    out.close();
                    files.add(new ImportInput.File(name, stored, type, written));
                }
            }
        };
    }

    List<ImportInput.File> files() {
        return List.copyOf(files);
    }

    /** How many files have been received. */
    public int count() {
        return files.size();
    }

    long bytes() {
        return bytes;
    }

    String owner() {
        return owner;
    }

    Path folder() {
        return folder;
    }

    /** Forces the files to the disk, so the import survives a crash of the machine too. */
    void sync() {
        for (ImportInput.File file : files) {
            try (FileChannel channel = FileChannel.open(folder.resolve(file.stored()), StandardOpenOption.WRITE)) {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void submitted() {
        submitted = true;
    }

    @Override
    public void close() {
        if (!submitted) {
            ImportFolders.delete(folder);
        }
    }
}
