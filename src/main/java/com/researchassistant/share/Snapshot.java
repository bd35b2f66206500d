package com.researchassistant.share;

import java.util.List;
import java.util.Objects;

/**
 * What a shared link shows: a conversation as it was when shared, reduced to what a reader needs.
 * Messages carry their text; answers the sources they cite (title, place and the cited snippet,
 * nothing else of the library) and the verdicts on their cited sentences (in general words, without
 * the quotes of passages the person's own view shows). No owner, no ids, no trace, no model names.
 * Component names are the stored and the served format.
 */
public record Snapshot(String title, String sharedAt, List<Message> messages) {

    public Snapshot {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(sharedAt, "sharedAt");
        messages = List.copyOf(messages);
    }

    /** @param role "user" or "assistant"; @param status "complete", "partial" or "notice" */
    public record Message(
            String role, String content, String status, String createdAt, List<Source> sources, List<Claim> claims) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(createdAt, "createdAt");
            sources = sources == null ? List.of() : List.copyOf(sources);
            claims = claims == null ? List.of() : List.copyOf(claims);
        }
    }

    /** @param kind "library" or "memory" (an earlier turn of the same conversation) */
    public record Source(int n, String kind, String title, String location, String snippet) {}

    /** A checked sentence: {@code [start, end)} of the message's content, in UTF-16 units. */
    public record Claim(int start, int end, List<Integer> sources, String verdict, String reason, String note) {
        public Claim {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }
    }
}
