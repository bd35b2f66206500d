package com.researchassistant.web;

import io.helidon.webserver.http.ServerRequest;
import java.util.regex.Pattern;

/**
 * Ids taken from the path. The app's ids are 22 base64url characters; a path segment that cannot
 * be one (blank, too long, other characters after percent-decoding) names nothing, so it answers
 * 404 without reaching a store, whose own checks would otherwise fail as an internal error.
 */
final class PathIds {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private PathIds() {}

    static String session(ServerRequest req) {
        return id(req, "session");
    }

    static String document(ServerRequest req) {
        return id(req, "document");
    }

    /** The id in the path parameter {@code name}; 404 naming {@code what} when it cannot be one. */
    static String named(ServerRequest req, String name, String what) {
        String id = req.path().pathParameters().first(name).orElse("");
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound(what);
        }
        return id;
    }

    private static String id(ServerRequest req, String what) {
        String id = req.path().pathParameters().first("id").orElse("");
        if (!ID.matcher(id).matches()) {
            throw ApiException.notFound(what);
        }
        return id;
    }
}
