package com.researchassistant.library;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What makes two documents the same text: SHA-256 of the text of their sections, Unicode-normalised
 * (NFKC), lower case, with every run of white space made one space. Hashing the text rather than
 * the bytes is deliberate: the library keeps and searches text, so the same paper as a re-saved
 * PDF, with CRLF line ends, or as the abstract of a BibTeX entry and a .txt file is one document
 * to it, while the bytes of such copies differ (PDF producers stamp dates and ids into the file).
 */
final class ContentHash {

    private static final Pattern SPACE = Pattern.compile("\\s+");

    private ContentHash() {}

    static String of(List<Section> sections) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (Section section : sections) {
            String text =
                    Normalizer.normalize(section.text(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
            String flat = SPACE.matcher(text).replaceAll(" ").strip();
            if (!flat.isEmpty()) {
                sha.update(flat.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) ' ');
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
