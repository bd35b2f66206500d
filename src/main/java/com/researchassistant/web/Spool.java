package com.researchassistant.web;

import com.researchassistant.library.Upload;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an uploaded file's bytes go while they arrive: memory up to {@code memoryBytes}, then a
 * temporary file in the spool directory (a large PDF is then parsed from disk). Write the bytes,
 * take the {@link #content()}, and {@link #close()} once the library has parsed it, which deletes
 * the file.
 */
final class Spool extends OutputStream {

    private final Path dir;
    private final int memoryBytes;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream toFile;
    private long size;

    Spool(Path dir, int memoryBytes) {
        this.dir = dir;
        this.memoryBytes = memoryBytes;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            if (toFile == null && size + len > memoryBytes) {
                file = Files.createTempFile(dir, "upload-", ".part");
                toFile = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
                memory.writeTo(toFile);
                memory = null;
            }
            if (toFile != null) {
                toFile.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
            size += len;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes written, in memory or in the spool file. */
    Upload.Content content() {
        if (toFile == null) {
            return new Upload.Bytes(memory.toByteArray());
        }
        try {
            toFile.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Upload.Spooled(file, size);
    }

    /** Deletes the spool file, if any. */
    @Override
    public void close() {
        if (toFile == null) {
            return;
        }
        try {
            toFile.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
