package com.researchassistant.web;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lets {@link SseWriter} speak OpenAI's stream dialect, which has only {@code data:} lines: drops
 * the {@code event:} line at the start of each frame. {@link SseWriter} flushes after every
 * frame, so a frame is whatever was written since the last flush.
 *
 * <p>This exists only so the OpenAI stream reuses {@link SseWriter}'s heartbeat and disconnect
 * handling unchanged; a {@code data(json)} method on {@link SseWriter} would make it unnecessary.
 */
final class DataOnlyFrames extends FilterOutputStream {

    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

    DataOnlyFrames(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) {
        frame.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        frame.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        byte[] bytes = frame.toByteArray();
        frame.reset();
        int start = 0;
        if (bytes.length >= EVENT.length && Arrays.equals(bytes, 0, EVENT.length, EVENT, 0, EVENT.length)) {
            int newline = indexOf(bytes, (byte) '\n');
            start = newline < 0 ? bytes.length : newline + 1;
        }
        if (start < bytes.length) {
            out.write(bytes, start, bytes.length - start);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
