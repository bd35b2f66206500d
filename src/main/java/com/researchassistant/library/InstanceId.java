package com.researchassistant.library;

import com.researchassistant.db.Identifiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * This instance's id among those sharing a database, kept in its data directory so a restarted
 * instance knows the documents it left indexing (and fails them at once instead of waiting for
 * their claims to run out). Each instance needs its own data directory anyway, for its index.
 */
final class InstanceId {

    static final String FILE = "instance-id";

    private InstanceId() {}

    /** The id stored in {@code dataDir}, created there on first use. */
    static String of(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (id.matches("[A-Za-z0-9_-]{22}")) {
                    return id;
                }
            }
            String id = Identifiers.newId();
            Files.createDirectories(file.getParent());
            Path written = Files.writeString(
                    Files.createTempFile(file.getParent(), FILE, ".tmp"), id + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return id;
        } catch (IOException e) {
            throw new LibraryException("cannot keep the instance id in " + file + ": " + e.getMessage(), e);
        }
    }
}
