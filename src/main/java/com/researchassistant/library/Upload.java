package com.researchassistant.library;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A document as it arrives: its bytes and whatever the uploader said about them. The library
 * trusts the content over the declarations (see {@link Format}).
 *
 * <p>The array is not copied, to keep large uploads from being held twice; callers hand it over
 * and do not change it afterwards.
 *
 * @param fileName the name the file had on the uploader's machine, if sent
 * @param mediaType the declared media type (a Content-Type value), if sent
 * @param title a title the uploader chose; wins over any title found in the content
 */
public record Upload(Optional<String> fileName, Optional<String> mediaType, Optional<String> title, byte[] content) {

    public Upload {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
    }

    /** A file from a multipart form; either declaration may be null when the client sent none. */
    public static Upload file(String fileName, String mediaType, byte[] content) {
        return new Upload(Optional.ofNullable(fileName), Optional.ofNullable(mediaType), Optional.empty(), content);
    }

    /** Text typed or pasted in, with a title (the JSON form of the upload API). */
    public static Upload text(String title, String text) {
        Objects.requireNonNull(text, "text");
        return new Upload(
                Optional.empty(),
                Optional.of("text/plain"),
                Optional.of(Objects.requireNonNull(title, "title")),
                text.getBytes(StandardCharsets.UTF_8));
    }
}
