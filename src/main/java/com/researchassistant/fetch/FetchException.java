package com.researchassistant.fetch;

import java.util.Objects;

/** A fetch refused by the guard or failed on the way; the message never holds page content. */
public final class FetchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Not http or https. */
        SCHEME_REFUSED,
        /** The host is, or resolves to, a loopback, private, link-local or metadata address. */
        ADDRESS_REFUSED,
        TOO_MANY_REDIRECTS,
        TOO_LARGE,
        /** A content type (or content encoding) the readers do not parse. */
        UNSUPPORTED_TYPE,
        TIMEOUT,
        /** A status other than 2xx after redirects. */
        HTTP_STATUS,
        /** DNS failure, refused or reset connection, TLS failure, a broken HTTP response. */
        UNREACHABLE
    }

    private final Kind kind;

    public FetchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
