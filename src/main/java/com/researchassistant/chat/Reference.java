package com.researchassistant.chat;

import java.util.List;

/**
 * What is known about a cited document beyond its title, for the reference list and BibTeX: from
 * an import of a BibTeX or CSL JSON file. Absent values are empty ("" or 0), so answers stored
 * before references existed read as {@link #NONE}.
 *
 * @param authors "Family, Given" or as written, in order
 * @param year 0 when unknown
 * @param doi bare ("10.1000/xyz")
 */
public record Reference(List<String> authors, int year, String venue, String doi, String url) {

    public static final Reference NONE = new Reference(List.of(), 0, "", "", "");

    public Reference {
        authors = authors == null ? List.of() : List.copyOf(authors);
        venue = venue == null ? "" : venue;
        doi = doi == null ? "" : doi;
        url = url == null ? "" : url;
    }

    /** Whether anything is known. */
    public boolean present() {
        return !equals(NONE);
    }
}
