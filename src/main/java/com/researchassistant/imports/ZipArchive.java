package com.researchassistant.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A zip archive read from its file on disk, one entry at a time, never whole, and bounded against
 * zip bombs and hostile names. Before the archive is opened, its end record is read to refuse one
 * of more than {@code maxEntries} entries (or a central directory too large for that many) without
 * reading the directory into memory. Entries whose names could escape a folder (absolute, drive
 * letters, {@code ..} segments, NUL) are listed as unsafe and never read. Reading an entry counts
 * the bytes it really inflates to, whatever its header claims: past {@code maxEntryBytes}, past
 * {@code maxRatio} times its compressed size (at least 1 KiB), or past {@code
 * maxUncompressedBytes} for the whole archive, the read fails with {@link Refused}.
 */
final class ZipArchive implements AutoCloseable {

    /** What the import may not do to this machine. */
    record Limits(int maxEntries, long maxEntryBytes, long maxUncompressedBytes, int maxRatio) {}

    /** An entry the archive holds: a file (directories are left out). */
    record Item(String name, long compressedSize, Optional<String> unsafe) {}

    /** The archive, or one of its entries, breaks a limit or cannot be read. */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int MAX_NAME_BYTES = 1_024;

    private final ZipFile zip;
    private final Limits limits;
    private final AtomicLong inflated = new AtomicLong();

    private ZipArchive(ZipFile zip, Limits limits) {
        this.zip = zip;
        this.limits = limits;
    }

    /**
     * Opens the archive after checking its entry count.
     *
     * @throws Refused when it is no zip, is damaged, or holds too many entries
     */
    static ZipArchive open(Path file, Limits limits) throws Refused {
        checkDirectory(file, limits.maxEntries());
        try {
            return new ZipArchive(new ZipFile(file.toFile()), limits);
        } catch (IOException e) {
            throw new Refused("The zip archive is damaged and cannot be opened.");
        }
    }

    /** The archive's files, in the order of its directory. */
    List<Item> items() {
        List<Item> items = new ArrayList<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (!entry.isDirectory()) {
                items.add(new Item(entry.getName(), entry.getCompressedSize(), unsafe(entry.getName())));
            }
        }
        return items;
    }

    /** Reads an entry, counted against the limits. */
    InputStream open(Item item) throws IOException {
        if (item.unsafe().isPresent()) {
            throw new Refused(item.unsafe().get());
        }
        ZipEntry entry = zip.getEntry(item.name());
        if (entry == null) {
            throw new Refused("The entry is missing from the archive.");
        }
        long compressed = Math.max(1_024, entry.getCompressedSize());
        long allowed = Math.min(limits.maxEntryBytes(), compressed * limits.maxRatio());
        try {
            return new Counted(
                    zip.getInputStream(entry),
                    allowed,
                    entry.getCompressedSize() * limits.maxRatio() < limits.maxEntryBytes());
        } catch (ZipException e) {
            throw new Refused("The entry is damaged (" + e.getMessage() + ").");
        }
    }

    /** Why a name is unsafe to use as a path, if it is. */
    static Optional<String> unsafe(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/")
                || n.matches("^[A-Za-z]:.*")
                || n.indexOf('\0') >= 0
                || ("/" + n + "/").contains("/../")
                || n.length() > MAX_NAME_BYTES) {
            return Optional.of("The entry's name could reach outside the archive's folder; it was not read.");
        }
        return Optional.empty();
    }

    /** Entries no import wants: folders' metadata that macOS and Windows add to archives. */
    static boolean junk(String name) {
        String n = name.replace('\\', '/').toLowerCase(Locale.ROOT);
        String last = n.substring(n.lastIndexOf('/') + 1);
        return n.startsWith("__macosx/")
                || n.contains("/__macosx/")
                || last.startsWith(".")
                || last.equals("thumbs.db")
                || last.equals("desktop.ini");
    }

    private static void checkDirectory(Path file, int maxEntries) throws Refused {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            int tail = (int) Math.min(size, 22 + 65_535);
            byte[] bytes = new byte[tail];
            raf.seek(size - tail);
            raf.readFully(bytes);
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int at = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (buf.getInt(i) == EOCD) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                throw new Refused("The file is not a zip archive, or it is damaged (no end of central directory).");
            }
            long entries = buf.getShort(at + 10) & 0xFFFF;
            long directory = buf.getInt(at + 12) & 0xFFFFFFFFL;
            if ((entries == 0xFFFF || directory == 0xFFFFFFFFL) && at >= 20 && buf.getInt(at - 20) == ZIP64_LOCATOR) {
                long record = buf.getLong(at - 20 + 8);
                byte[] zip64 = new byte[56];
                raf.seek(record);
                raf.readFully(zip64);
                ByteBuffer z = ByteBuffer.wrap(zip64).order(ByteOrder.LITTLE_ENDIAN);
                if (z.getInt(0) != ZIP64_EOCD) {
                    throw new Refused("The zip archive is damaged (bad ZIP64 end record).");
                }
                entries = z.getLong(32);
                directory = z.getLong(40);
            }
            if (entries > maxEntries || entries < 0) {
                throw new Refused(
                        "The archive holds " + entries + " entries; an import takes at most " + maxEntries + ".");
            }
            if (directory > (long) maxEntries * (46 + MAX_NAME_BYTES + 1_024)) {
                throw new Refused("The archive's directory is larger than " + maxEntries + " entries need.");
            }
        } catch (Refused e) {
            throw e;
        } catch (IOException e) {
            throw new Refused("The zip archive cannot be read (" + e.getMessage() + ").");
        }
    }

    /** An entry's bytes, counted as they are inflated. */
    private final class Counted extends FilterInputStream {
        private final long allowed;
        private final boolean ratioBinds;
        private long read;

        Counted(InputStream in, long allowed, boolean ratioBinds) {
            super(in);
            this.allowed = allowed;
            this.ratioBinds = ratioBinds;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (ZipException e) {
                throw new Refused("The entry is damaged (" + e.getMessage() + ").");
            }
            if (n > 0) {
                read += n;
                if (read > allowed) {
                    throw new Refused(
                            ratioBinds
                                    ? "The entry inflates to more than " + limits.maxRatio()
                                            + " times its compressed size: a zip bomb, not read."
                                    : "The entry inflates to more than " + limits.maxEntryBytes()
                                            + " bytes, the largest document an import takes.");
                }
                if (inflated.addAndGet(n) > limits.maxUncompressedBytes()) {
                    throw new Refused("The archive inflates to more than " + limits.maxUncompressedBytes()
                            + " bytes, the most an import takes; the rest was not read.");
                }
            }
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
