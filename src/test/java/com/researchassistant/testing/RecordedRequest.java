package com.researchassistant.testing;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request as {@link StubLlmServer} received it.
 *
 * @param headers by lower-case name; the last value wins
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
