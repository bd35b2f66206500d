package com.researchassistant.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.researchassistant.library.CitedPassage;
import com.researchassistant.library.Document;
import com.researchassistant.viewer.Box;
import com.researchassistant.viewer.PassageView;
import java.util.List;

/** The JSON shapes of the source viewer's API. */
final class ViewerDto {

    private ViewerDto() {}

    /**
     * A cited passage where it stands.
     *
     * @param kind "page" (a PDF page, {@code page} set) or "text" (its section's text, {@code text} set)
     * @param notice why a PDF is shown as text, when it is
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ViewDto(DocumentRef document, PassageDto passage, String kind, PageDto page, TextDto text, String notice) {
        static ViewDto of(PassageView v) {
            DocumentRef document = DocumentRef.of(v.document(), v.originalKept());
            PassageDto passage = PassageDto.of(v.passage());
            String notice = v.notice().isEmpty() ? null : v.notice();
            return switch (v.display()) {
                case PassageView.PageDisplay p ->
                    new ViewDto(document, passage, "page", PageDto.of(v.document(), p), null, notice);
                case PassageView.TextDisplay t -> new ViewDto(document, passage, "text", null, TextDto.of(t), notice);
            };
        }
    }

    /** @param original whether the uploaded file is kept */
    record DocumentRef(String id, String title, String mediaType, boolean original) {
        static DocumentRef of(Document d, boolean original) {
            return new DocumentRef(d.id(), d.title(), d.mediaType(), original);
        }
    }

    /** @param n the passage's ordinal in its document, from 0 */
    record PassageDto(int n, String location, String text) {
        static PassageDto of(CitedPassage p) {
            return new PassageDto(p.ordinal(), p.location(), p.text());
        }
    }

    /**
     * @param image the page's image, to be completed with {@code ?w=} (CSS pixels) and {@code &dpr=}
     * @param aspect height over width
     * @param match "exact", "partial" or "none": how much of the passage was found on the page
     * @param highlights the passage's lines, as shares of the page from its top-left corner
     */
    record PageDto(int number, int count, double aspect, String image, String match, List<Box> highlights) {
        static PageDto of(Document d, PassageView.PageDisplay p) {
            return new PageDto(
                    p.page(),
                    p.pageCount(),
                    Math.round(p.aspect() * 10_000) / 10_000.0,
                    "/api/library/documents/" + d.id() + "/pages/" + p.page(),
                    Dto.lower(p.highlight().kind()),
                    p.highlight().boxes());
        }
    }

    /**
     * @param start the passage's first character in {@code text} (UTF-16 units, as JavaScript counts)
     * @param origin "section" (read again from the kept original) or "passages" (the section's passages joined)
     */
    record TextDto(
            String heading,
            String text,
            int start,
            int end,
            String origin,
            boolean clippedBefore,
            boolean clippedAfter) {
        static TextDto of(PassageView.TextDisplay t) {
            return new TextDto(
                    t.heading(),
                    t.text(),
                    t.start(),
                    t.end(),
                    Dto.lower(t.origin()),
                    t.clippedBefore(),
                    t.clippedAfter());
        }
    }
}
