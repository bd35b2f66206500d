package com.researchassistant.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes what an OpenAI-compatible server sends, for {@link StubResponse}. */
final class OpenAiChunks {

    /** The prompt token count the stub reports. */
    static final int PROMPT_TOKENS = 10;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenAiChunks() {}

    /** One SSE event per token, then a finish chunk with usage, then [DONE]. */
    static List<byte[]> stream(List<String> tokens) {
        List<byte[]> events = new ArrayList<>();
        for (String token : tokens) {
            ObjectNode chunk = chunk();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("content", token);
            choice.putNull("finish_reason");
            events.add(event(chunk.toString()));
        }
        ObjectNode last = chunk();
        ObjectNode choice = last.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("delta");
        usage(last, tokens.size());
        events.add(event(last.toString()));
        events.add(event("[DONE]"));
        return events;
    }

    /** A non-streaming completion body. */
    static String completion(String text) {
        ObjectNode body = MAPPER.createObjectNode()
                .put("id", "stub")
                .put("object", "chat.completion")
                .put("created", 0)
                .put("model", "stub");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", text);
        usage(body, text.isEmpty() ? 0 : text.split("\\s+").length);
        return body.toString();
    }

    private static ObjectNode chunk() {
        return MAPPER.createObjectNode()
                .put("id", "stub")
                .put("object", "chat.completion.chunk")
                .put("created", 0)
                .put("model", "stub");
    }

    private static void usage(ObjectNode body, int completionTokens) {
        body.putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", PROMPT_TOKENS + completionTokens);
    }

    private static byte[] event(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
