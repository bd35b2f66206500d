package com.researchassistant.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A model file shipped as a class-path resource, copied once to a file so that native code can
 * map it from disk instead of receiving a copy held in the Java heap.
 *
 * <p>The size and SHA-256 pin the exact file: a copy left half-written by a crash, or damaged
 * later, fails the check and is written again. A new artifact version with a different file
 * fails fast with both checksums in the message, rather than running an unknown model.
 *
 * @param name resource name on the class path, also the file name in the target directory
 * @param size length in bytes
 * @param sha256 lower-case hex SHA-256 of the content
 */
record ModelResource(String name, long size, String sha256) {

    ModelResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
    }

    /** The path of a verified copy in {@code dir}, writing it first if absent or damaged. */
    Path extractTo(Path dir) {
        Path target = dir.resolve(name);
        try {
            if (isIntact(target)) {
                return target;
            }
            Files.createDirectories(dir);
            // Write beside the target and move it into place, so readers never see a partial file.
            Path part = Files.createTempFile(dir, name, ".part");
            try {
                String written = copyResource(part);
                if (!written.equals(sha256) || Files.size(part) != size) {
                    throw new EmbeddingException("model resource " + name + " has SHA-256 " + written
                            + " and " + Files.size(part) + " bytes, expected " + sha256 + " and " + size
                            + " bytes; the embeddings artifact changed, update OnnxEmbedder.MODEL");
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract model " + name + " to " + dir, e);
        }
    }

    /** Whether {@code file} exists with the expected size and checksum. */
    boolean isIntact(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return sha256Of(in).equals(sha256);
        }
    }

    private String copyResource(Path part) throws IOException {
        try (InputStream resource = openResource();
                DigestInputStream in = new DigestInputStream(resource, newDigest());
                OutputStream out = Files.newOutputStream(part)) {
            in.transferTo(out);
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        }
    }

    private InputStream openResource() {
        InputStream in = ModelResource.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new EmbeddingException("model resource " + name + " is not on the class path");
        }
        return in;
    }

    private static String sha256Of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
