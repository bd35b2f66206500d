package com.researchassistant.viewer;

import java.util.Objects;

/**
 * A drawn page.
 *
 * @param tag an entity tag that names exactly these bytes (original, page, size, format)
 */
public record PageImage(byte[] bytes, String contentType, String tag, int width, int height) {

    public PageImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(tag, "tag");
    }
}
