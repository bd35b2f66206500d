package com.researchassistant.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.researchassistant.chat.LibraryScope;
import com.researchassistant.chat.SessionStore;
import com.researchassistant.library.JdbcCollectionStore;
import com.researchassistant.library.JdbcCollectionStore.Outcome;
import com.researchassistant.library.Library;
import com.researchassistant.library.LibraryCollection;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collections of library documents, searching within one, and the collection a conversation is
 * scoped to. Another identity's collections, documents and conversations are 404.
 */
final class CollectionHandler {

    private static final int MAX_K = 50;

    private final JdbcCollectionStore collections;
    private final Library library;
    private final SessionStore sessions;
    private final Identities identities;
    private final JsonBodies bodies;

    CollectionHandler(
            JdbcCollectionStore collections,
            Library library,
            SessionStore sessions,
            Identities identities,
            JsonBodies bodies) {
        this.collections = collections;
        this.library = library;
        this.sessions = sessions;
        this.identities = identities;
        this.bodies = bodies;
    }

    record CollectionDto(String id, String name, List<String> documentIds, String createdAt, String updatedAt) {
        static CollectionDto of(LibraryCollection c) {
            return new CollectionDto(
                    c.id(),
                    c.name(),
                    c.documentIds(),
                    c.createdAt().toString(),
                    c.updatedAt().toString());
        }
    }

    record CollectionList(List<CollectionDto> collections) {}

    /** @param collection null for the whole library */
    record ScopeDto(CollectionDto collection) {}

    /** The scope a message to this conversation is answered from: its collection's documents, or everything. */
    LibraryScope scopeOf(String owner, String sessionId) {
        return collections
                .scopeOf(owner, sessionId)
                .map(c -> LibraryScope.of(c.id(), Set.copyOf(c.documentIds())))
                .orElse(LibraryScope.WHOLE);
    }

    void list(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(
                req,
                res,
                200,
                new CollectionList(
                        collections.list(owner).stream().map(CollectionDto::of).toList()));
    }

    void create(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String name = name(bodies.readObject(req));
        Responses.json(req, res, 201, CollectionDto.of(collections.create(owner, name)));
    }

    void get(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        Responses.json(req, res, 200, CollectionDto.of(find(owner, req)));
    }

    void rename(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String name = name(bodies.readObject(req));
        LibraryCollection renamed = collections
                .rename(owner, collectionId(req), name)
                .orElseThrow(() -> ApiException.notFound("collection"));
        Responses.json(req, res, 200, CollectionDto.of(renamed));
    }

    void delete(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        if (!collections.delete(owner, collectionId(req))) {
            throw ApiException.notFound("collection");
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code PUT /api/collections/{id}/documents/{document}}. */
    void addDocument(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        changed(collections.add(owner, collectionId(req), PathIds.named(req, "document", "document")), "document");
        res.status(Status.NO_CONTENT_204).send();
    }

    void removeDocument(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        changed(
                collections.remove(owner, collectionId(req), PathIds.named(req, "document", "document")),
                "document in this collection");
        res.status(Status.NO_CONTENT_204).send();
    }

    /** {@code GET /api/collections/{id}/search?q=...&k=5}: the library search, within the collection. */
    void search(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String query = req.query().first("q").map(String::strip).orElse("");
        if (query.isEmpty()) {
            throw ApiException.badRequest("missing_field", "Give a query as ?q=...");
        }
        int k = req.query().first("k").map(CollectionHandler::k).orElse(5);
        LibraryCollection collection = find(owner, req);
        Responses.json(
                req,
                res,
                200,
                new Dto.SearchResults(
                        library.searchWithin(owner, Set.copyOf(collection.documentIds()), query, k).stream()
                                .map(Dto.SearchHit::of)
                                .toList()));
    }

    void getScope(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        String sessionId = PathIds.session(req);
        if (sessions.findRecent(owner, sessionId, 0).isEmpty()) {
            throw ApiException.notFound("session");
        }
        Optional<LibraryCollection> scope = collections.scopeOf(owner, sessionId);
        Responses.json(req, res, 200, new ScopeDto(scope.map(CollectionDto::of).orElse(null)));
    }

    /** {@code PUT /api/sessions/{id}/scope} with {@code {"collectionId": "..."}}, or null for the whole library. */
    void setScope(ServerRequest req, ServerResponse res) {
        String owner = identities.resolve(req, res);
        ObjectNode body = bodies.readObject(req);
        if (!body.has("collectionId")) {
            throw ApiException.badRequest("missing_field", "'collectionId' is required (null for the whole library).");
        }
        Optional<String> collectionId = JsonBodies.optionalString(body, "collectionId");
        String sessionId = PathIds.session(req);
        switch (collections.scope(owner, sessionId, collectionId)) {
            case NO_MEMBER -> throw ApiException.notFound("session");
            case NO_COLLECTION -> throw ApiException.notFound("collection");
            case DONE -> {}
        }
        Responses.json(
                req,
                res,
                200,
                new ScopeDto(collections
                        .scopeOf(owner, sessionId)
                        .map(CollectionDto::of)
                        .orElse(null)));
    }

    private LibraryCollection find(String owner, ServerRequest req) {
        return collections.find(owner, collectionId(req)).orElseThrow(() -> ApiException.notFound("collection"));
    }

    private static String collectionId(ServerRequest req) {
        return PathIds.named(req, "id", "collection");
    }

    private static void changed(Outcome outcome, String member) {
        switch (outcome) {
            case NO_COLLECTION -> throw ApiException.notFound("collection");
            case NO_MEMBER -> throw ApiException.notFound(member);
            case DONE -> {}
        }
    }

    private static String name(JsonNode body) {
        String name = JsonBodies.requiredString(body, "name").strip();
        if (name.isEmpty() || name.length() > JdbcCollectionStore.MAX_NAME_CHARS || name.indexOf('\0') >= 0) {
            throw ApiException.badRequest(
                    "invalid_field", "'name' must be 1 to " + JdbcCollectionStore.MAX_NAME_CHARS + " characters.");
        }
        return name;
    }

    private static int k(String raw) {
        if (raw.strip().matches("[0-9]{1,3}")) {
            int k = Integer.parseInt(raw.strip());
            if (k >= 1 && k <= MAX_K) {
                return k;
            }
        }
        throw ApiException.badRequest("invalid_field", "'k' must be a whole number from 1 to " + MAX_K + ".");
    }
}
