package com.researchassistant.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A document as it arrives: its bytes and whatever the uploader said about them. The library
 * trusts the content over the declarations (see {@link Format}).
 *
 * @param fileName the name the file had on the uploader's machine, if sent
 * @param mediaType the declared media type (a Content-Type value), if sent
 * @param title a title the uploader chose; wins over any title found in the content
 * @param content the bytes, in memory or spooled to a file
 */
public record Upload(Optional<String> fileName, Optional<String> mediaType, Optional<String> title, Content content) {

    public Upload {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
    }

    /**
     * The uploaded bytes. A receiver that streams large uploads to disk hands over the file (a PDF
     * is read with random access, so it need not be in memory); the file stays the receiver's to
     * delete once {@link Library#ingest} has returned: what the library keeps of it (the original,
     * for the source viewer) it has copied into the database by then.
     */
    public sealed interface Content permits Bytes, Spooled {

        long size();

        /** The first {@code n} bytes, or all of them when there are fewer. */
        byte[] head(int n);

        /** All the bytes: text is decoded whole. */
        byte[] readAll();
    }

    /** Bytes in memory; the array is not copied, so callers hand it over and do not change it afterwards. */
    public record Bytes(byte[] bytes) implements Content {

        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public byte[] head(int n) {
            return java.util.Arrays.copyOf(bytes, Math.min(n, bytes.length));
        }

        @Override
        public byte[] readAll() {
            return bytes;
        }
    }

    /** Bytes in a file of {@code size} bytes. */
    public record Spooled(Path file, long size) implements Content {

        public Spooled {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public byte[] head(int n) {
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] readAll() {
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A file from a multipart form; either declaration may be null when the client sent none. */
    public static Upload file(String fileName, String mediaType, byte[] content) {
        return new Upload(
                Optional.ofNullable(fileName), Optional.ofNullable(mediaType), Optional.empty(), new Bytes(content));
    }

    /** Text typed or pasted in, with a title (the JSON form of the upload API). */
    public static Upload text(String title, String text) {
        Objects.requireNonNull(text, "text");
        return new Upload(
                Optional.empty(),
                Optional.of("text/plain"),
                Optional.of(Objects.requireNonNull(title, "title")),
                new Bytes(text.getBytes(StandardCharsets.UTF_8)));
    }
}
