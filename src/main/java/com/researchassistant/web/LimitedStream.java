package com.researchassistant.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body read up to a limit: one byte more answers 413 {@code body_too_large}. */
final class LimitedStream extends FilterInputStream {

    private final long max;
    private long read;

    LimitedStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        count(Math.max(n, 0));
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > max) {
            throw tooLarge(max);
        }
    }

    static ApiException tooLarge(long max) {
        return new ApiException(413, "body_too_large", "The request body is larger than " + max + " bytes.");
    }
}
