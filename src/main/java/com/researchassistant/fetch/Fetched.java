package com.researchassistant.fetch;

import java.net.URI;
import java.util.Objects;

/**
 * A fetched document.
 *
 * @param url where it was found, after redirects
 * @param mediaType its Content-Type without parameters, lower case ("application/pdf", "text/html")
 * @param body at most the fetcher's byte cap; the array is handed over, not copied
 */
public record Fetched(URI url, String mediaType, byte[] body) {

    public Fetched {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(body, "body");
    }
}
