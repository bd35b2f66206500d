package com.researchassistant.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a person asked to research: the job's input.
 *
 * @param sources the ids of the sources to search ("library", "openalex", ...); empty means every
 *     enabled one
 */
public record ResearchRequest(String question, Depth depth, List<String> sources) {

    public ResearchRequest {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(depth, "depth");
        sources = List.copyOf(sources);
    }

    String toJson() {
        ObjectNode node =
                Codec.JSON.createObjectNode().put("question", question).put("depth", depth.id());
        ArrayNode ids = node.putArray("sources");
        sources.forEach(ids::add);
        return node.toString();
    }

    static ResearchRequest fromJson(String json) {
        JsonNode node = Codec.tree(json);
        List<String> sources = new ArrayList<>();
        node.path("sources").forEach(id -> sources.add(id.asText()));
        Depth depth = Depth.of(node.path("depth").asText()).orElse(Depth.STANDARD);
        return new ResearchRequest(node.path("question").asText(), depth, sources);
    }
}
