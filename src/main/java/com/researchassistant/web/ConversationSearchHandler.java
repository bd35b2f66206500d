package com.researchassistant.web;

import com.researchassistant.chat.ConversationHit;
import com.researchassistant.chat.ConversationSearch;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code GET /api/sessions/search?q=...}: the asker's conversations by the words of their titles and messages. */
final class ConversationSearchHandler {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 50;
    private static final int MAX_QUERY_CHARS = 200;

    private final ConversationSearch search;
    private final Identities identities;

    ConversationSearchHandler(ConversationSearch search, Identities identities) {
        this.search = search;
        this.identities = identities;
    }

    record HitDto(Dto.SessionSummaryDto session, int seq, String snippet, List<List<Integer>> highlights) {
        static HitDto of(ConversationHit h) {
            return new HitDto(
                    Dto.SessionSummaryDto.of(h.session()),
                    h.seq(),
                    h.snippet(),
                    h.highlights().stream()
                            .map(x -> List.of(x.start(), x.end()))
                            .toList());
        }
    }

    record Results(List<HitDto> results) {}

    void search(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String query = req.query().first("q").map(String::strip).orElse("");
        if (query.isEmpty()) {
            throw ApiException.badRequest("missing_field", "Give the words to find as ?q=...");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw ApiException.badRequest("invalid_field", "'q' must be at most " + MAX_QUERY_CHARS + " characters.");
        }
        int limit =
                req.query().first("limit").map(ConversationSearchHandler::limit).orElse(DEFAULT_LIMIT);
        Responses.json(
                req,
                res,
                200,
                new Results(search.search(owner, query, limit).stream()
                        .map(HitDto::of)
                        .toList()));
    }

    private static int limit(String raw) {
        if (raw.strip().matches("[0-9]{1,3}")) {
            int limit = Integer.parseInt(raw.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw ApiException.badRequest("invalid_field", "'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }
}
