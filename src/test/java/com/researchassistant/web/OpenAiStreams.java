package com.researchassistant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.researchassistant.testing.JsonPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an OpenAI chat completion stream in tests, including the way the official SDKs do: only
 * lines starting with {@code data: } count, {@code [DONE]} ends the stream, a chunk with an
 * {@code error} raises it.
 */
final class OpenAiStreams {

    /** What an SDK user ends up with: the streamed text and the error message raised, if any. */
    record SdkResult(String content, String error) {}

    private OpenAiStreams() {}

    /** The raw body without comment frames (heartbeats, "stream open"). */
    static String withoutComments(String body) {
        return body.replaceAll("(?m)^:[^\n]*\n\n", "");
    }

    /** The payload of every {@code data:} line, in order, including {@code [DONE]}. */
    static List<String> dataLines(String body) {
        return body.lines()
                .filter(l -> l.startsWith("data: "))
                .map(l -> l.substring(6))
                .toList();
    }

    /** The JSON chunks before {@code [DONE]}. */
    static List<JsonNode> chunks(String body) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String data : dataLines(body)) {
            if (data.equals("[DONE]")) {
                break;
            }
            chunks.add(JsonPaths.tree(data));
        }
        return chunks;
    }

    static String content(List<JsonNode> chunks) {
        return chunks.stream()
                .flatMap(c -> c.path("choices").valueStream())
                .map(choice -> choice.path("delta").path("content").asText(""))
                .collect(Collectors.joining());
    }

    /** Mirrors the SDK's stream loop: it stops at [DONE] and raises the first error chunk. */
    static SdkResult sdkRead(String body) {
        StringBuilder text = new StringBuilder();
        boolean done = false;
        for (String line : body.split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            String data = line.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
                break;
            }
            JsonNode chunk = JsonPaths.tree(data);
            if (chunk.hasNonNull("error")) {
                return new SdkResult(text.toString(), chunk.at("/error/message").asText());
            }
            text.append(content(List.of(chunk)));
        }
        if (!done) {
            throw new AssertionError("the stream ended without [DONE]");
        }
        return new SdkResult(text.toString(), "");
    }
}
